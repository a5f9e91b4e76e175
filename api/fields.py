"""Serializer fields the API shares."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cameramap.cameras.vocabulary import choice_error


class ChoiceField(serializers.ChoiceField):
    """DRF's ChoiceField, refusing a value that is none of the choices with the list of them, in
    the words every endpoint uses (the filters too): ``“army” is not one of: city, police, …``."""

    def to_internal_value(self, data):
        if data == "" and self.allow_blank:
            return ""
        try:
            return self.choice_strings_to_values[str(data)]
        except KeyError:
            error = choice_error(data, (choice for choice in self.choice_strings_to_values if choice != ""))
            raise serializers.ValidationError(error.messages, code="invalid_choice") from None


class BooleanField(serializers.BooleanField):
    """A boolean as the OpenAPI document states one: JSON ``true``/``false``, or the words
    ``true``/``false`` in a form. DRF's own also takes 1, 0, "yes", "on"…, which the document
    cannot state, so a client reading it would never know whether ``0`` means no."""

    default_error_messages = {"invalid": _("Must be true or false.")}
    WORDS = {"true": True, "false": False}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        if isinstance(data, str) and data.lower() in self.WORDS:
            return self.WORDS[data.lower()]
        self.fail("invalid")
