"""The enterprise file (一企一档): identity, fiscal years, holdings, events and evaluations."""

from gaoqi.enterprises.models.assets import Achievement, Certificate, Incident, IPAsset, RDInstitution
from gaoqi.enterprises.models.enterprise import Attachment, Enterprise, FieldSource
from gaoqi.enterprises.models.fiscal import FiscalYear
from gaoqi.enterprises.models.results import Evaluation

__all__ = [
    "Achievement",
    "Attachment",
    "Certificate",
    "Enterprise",
    "Evaluation",
    "FieldSource",
    "FiscalYear",
    "IPAsset",
    "Incident",
    "RDInstitution",
]
