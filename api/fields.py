"""Serializer fields the API shares."""

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
