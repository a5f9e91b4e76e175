"""The operator type read from an operator's name (cameras/operators.py): English and Serbian in
both scripts, the first matching rule winning, and unknown for anything else."""

import pytest

from cameramap.cameras.operators import operator_type_from_name


@pytest.mark.parametrize(
    "name, kind",
    [
        ("Cobb County Police Department", "police"),
        ("Atlanta PD", "police"),
        ("Fulton County Sheriff's Office", "police"),
        ("Georgia State Patrol", "police"),
        ("Ministry of Interior", "police"),
        ("Policija", "police"),
        ("Полиција", "police"),
        ("MUP", "police"),
        ("МУП Републике Србије", "police"),
        ("Ministarstvo unutrašnjih poslova", "police"),
        ("Министарство унутрашњих послова", "police"),
        ("Policijska uprava za grad Beograd", "police"),
        ("City of Atlanta", "city"),
        ("Town of Chapel Hill", "city"),
        ("DeKalb County", "city"),
        ("City Council", "city"),
        ("Grad Beograd", "city"),
        ("Град Београд", "city"),
        ("Gradska opština Stari grad", "city"),
        ("Општина Палилула", "city"),
        ("MARTA Transit", "transport"),
        ("Metropolitan Atlanta Rapid Transit Authority", "transport"),
        ("Georgia DOT", "transport"),
        ("City Transit Authority", "transport"),
        ("GSP Beograd", "transport"),
        ("Путеви Србије", "transport"),
    ],
)
def test_a_known_kind_of_operator_is_read_from_its_name(name, kind):
    assert operator_type_from_name(name) == kind


@pytest.mark.parametrize("name", ["", "Kroger", "City Mall", "Hikvision", "Banca Intesa", "Флок", "Lidl Srbija"])
def test_anything_else_stays_unknown(name):
    assert operator_type_from_name(name) == "unknown"
