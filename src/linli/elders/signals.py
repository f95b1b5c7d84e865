"""Signals other apps listen to when the registry changes (follow-up plans, for one).

The elder services send them after the change is saved, inside the same transaction, so a
listener's writes commit or roll back with the change itself.
"""

from django.dispatch import Signal

# Sent with `elder` after elder_create / elder_update saved a change.
elder_changed = Signal()
# Sent with `elders` (a list, station and categories loaded) after elder_bulk_create.
elders_created = Signal()
