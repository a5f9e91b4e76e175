"""The one signal the exposure app sends upward: the stored fields of view changed (after
tasks.fov_compute, runs.run_execute). The routes app connects to it (routes/apps.py) to weigh its walking graph
again; the exposure app never names the apps that listen."""

from django.dispatch import Signal

# Sent with camera_ids (None when every camera's view was computed) after the views are stored.
fields_of_view_changed = Signal()
