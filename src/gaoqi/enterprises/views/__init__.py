"""Pages of the enterprise file: list, file page, edit forms, attachments."""

from gaoqi.enterprises.views.attachments import (
    attachment_delete,
    attachment_download,
    attachment_panel,
    attachment_upload,
)
from gaoqi.enterprises.views.detail import enterprise_detail, enterprise_plan
from gaoqi.enterprises.views.edit import enterprise_edit, fiscal_year_create, fiscal_year_edit
from gaoqi.enterprises.views.holdings import holding_create, holding_delete, holding_edit
from gaoqi.enterprises.views.listing import enterprise_export, enterprise_list

__all__ = [
    "attachment_delete",
    "attachment_download",
    "attachment_panel",
    "attachment_upload",
    "enterprise_detail",
    "enterprise_edit",
    "enterprise_export",
    "enterprise_list",
    "enterprise_plan",
    "fiscal_year_create",
    "fiscal_year_edit",
    "holding_create",
    "holding_delete",
    "holding_edit",
]
