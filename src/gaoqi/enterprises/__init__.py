"""The enterprise file (一企一档): identity, fiscal years, IP, certificates, evaluations."""
