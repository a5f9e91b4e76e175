"""The groups that carry roles. Created by a data migration, so every deployment has them."""

MODERATORS = "moderators"
TRUSTED = "trusted volunteers"
