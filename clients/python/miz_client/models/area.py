from enum import StrEnum


class Area(StrEnum):
    ACCREDITATION = "accreditation"
    COMPLAINTS = "complaints"
    CONFORMITY_ASSESSMENT = "conformity_assessment"
    IMPORT_EXPORT = "import_export"
    METROLOGY = "metrology"
    OTHER = "other"
    PROMOTION = "promotion"
    STANDARDISATION = "standardisation"
    TRAINING = "training"

    def __str__(self) -> str:
        return str(self.value)
