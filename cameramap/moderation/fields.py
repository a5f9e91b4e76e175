"""The camera fields a volunteer's report carries, and the values that mean "the volunteer did
not say": shared by the decisions (approve, correct) and the merge rules, below both."""

from cameramap.cameras import vocabulary as v

CAMERA_FIELDS = ("directions", *v.ATTRIBUTE_FIELDS)
# Values that mean "the volunteer did not say": never applied as a correction, never a conflict.
UNKNOWN_VALUES = ("", None, [], v.OperatorType.UNKNOWN, v.FacialRecognition.UNKNOWN, v.SignPresent.UNKNOWN)
