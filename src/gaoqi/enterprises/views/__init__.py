"""Pages of the enterprise file: list, file page, edit forms."""

from gaoqi.enterprises.views.detail import enterprise_detail, enterprise_plan
from gaoqi.enterprises.views.edit import enterprise_edit, fiscal_year_create, fiscal_year_edit
from gaoqi.enterprises.views.listing import enterprise_export, enterprise_list

__all__ = [
    "enterprise_detail",
    "enterprise_edit",
    "enterprise_export",
    "enterprise_list",
    "enterprise_plan",
    "fiscal_year_create",
    "fiscal_year_edit",
]
