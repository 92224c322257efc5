"""gaoqi: the high-tech enterprise cultivation platform (高企培育平台)."""
