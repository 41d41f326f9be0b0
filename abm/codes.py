"""Integer codes of the person arrays, shared by the Python code and the numba kernels."""

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    """What a person does this month."""

    PUPIL = 0        # secondary school (vo: vmbo, havo, vwo)
    STUDENT = 1      # mbo BOL, hbo, wo: school-based, not in the labour force
    BBL = 2          # mbo BBL: works in a firm's training place while studying
    EMPLOYED = 3
    UNEMPLOYED = 4   # without work and searching
    INACTIVE = 5     # without work, not searching (care, illness, discouraged)
    RETIRED = 6      # at or past the state pension age
    EXITED = 7       # left the model's scope (aged past 75); kept so people are never lost


class Level(IntEnum):
    """Education level: the one enrolled in for pupils and students, else the highest completed."""

    VMBO = 0
    HAVO = 1
    VWO = 2
    MBO2 = 3
    MBO3 = 4
    MBO4 = 5
    HBO = 6
    WO = 7


class Flag(IntEnum):
    """Bits of the person ``flags`` array."""

    FRESH_GRADUATE = 1   # graduated and not yet in a first job
    TEACHER = 2          # a technical teacher (employed in education)
    TEMPORARY = 4        # a temporary skilled worker from outside the EU


class Purpose(IntEnum):
    """Purposes of the keyed per-person draws made outside the mobility kernel (which uses 0-11)."""

    DROPOUT = 100
    NEXT_STEP = 101
    TECHNICAL_CHOICE = 102
    WANTS_BBL = 103
    FIELD = 104
    TEACHER = 105
    TRAINING_FIRM = 106
    BBL_KEPT_ON = 107
    RETRAIN = 108
    DEPART = 109
    RETIRE = 120


class Sex(IntEnum):
    MAN = 0
    WOMAN = 1
