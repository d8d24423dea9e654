"""Writes of the movements app; each takes the acting user and records an audit event."""

from __future__ import annotations

from vinhdanh.movements.services.cluster_scoring import (
    publish_ranking,
    review_score,
    score_self,
)
from vinhdanh.movements.services.clusters import create_cluster
from vinhdanh.movements.services.definitions import (
    change_movement_status,
    create_movement,
    define_indicator,
    define_rule,
    launch_movement,
    set_participants,
)
from vinhdanh.movements.services.exemplary import recognise_exemplary_model
from vinhdanh.movements.services.registration import decide_registration, register_unit
from vinhdanh.movements.services.values import (
    approve_values,
    check_values,
    enter_values,
    reopen_values,
    return_values,
    submit_values,
)

__all__ = [
    "approve_values",
    "change_movement_status",
    "check_values",
    "create_cluster",
    "create_movement",
    "decide_registration",
    "define_indicator",
    "define_rule",
    "enter_values",
    "launch_movement",
    "publish_ranking",
    "recognise_exemplary_model",
    "register_unit",
    "reopen_values",
    "return_values",
    "review_score",
    "score_self",
    "set_participants",
    "submit_values",
]
