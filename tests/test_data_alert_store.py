"""The wall shows the alerts in force, by CAP's rules, however often and in whatever order the
feed repeats its messages; acknowledgements survive restarts and harmless Updates."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ioc_console.data.alert_store import Acknowledgement, AlertStore, StoreChange
from ioc_console.data.alerts import Alert, AlertReference
from ioc_console.data.cap import parse_cap_message
from ioc_console.data.errors import ParseError

CAP = Path(__file__).parent / "fixtures" / "cap"
T0 = datetime(2024, 9, 9, 12, 0, tzinfo=UTC)
SENDER = "kttv@laocai.invalid"


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make(identifier: str, *, minutes: int = 0, severity: str = "Severe", msg_type: str = "Alert",
         refs: tuple[str, ...] = (), expires_in: float | None = None, event: str = "Flood",
         sender: str = SENDER) -> Alert:
    sent = T0 + timedelta(minutes=minutes)
    return Alert(
        identifier=identifier, sender=sender, sent=sent, status="Exercise", msg_type=msg_type,
        references=[AlertReference(sender=sender, identifier=r, sent=T0) for r in refs],
        category=["Met"], event=event, urgency="Immediate", severity=severity,
        certainty="Observed",
        expires=None if expires_in is None else sent + timedelta(minutes=expires_in),
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(clock) -> AlertStore:
    return AlertStore(clock=clock)


def ids(alerts) -> list[str]:
    return [a.identifier for a in alerts]


def test_alert_is_added_and_reapplying_it_is_a_no_op(store):
    seen: list[StoreChange] = []
    store.subscribe(seen.append)
    a = make("A")
    assert store.apply(a) == StoreChange(added=(a,))
    assert store.apply(a).is_empty
    assert store.apply(a.model_copy(update={"source": "other-feed"})).is_empty
    assert ids(store.active()) == ["A"] and len(seen) == 1


def test_same_identifier_resent_with_new_content_replaces(store):
    a1, a2 = make("A"), make("A", minutes=5, event="Flood, worse")
    store.apply(a1)
    change = store.apply(a2)
    assert change.added == (a2,) and change.removed == (a1,)
    assert store.active() == [a2]
    assert store.apply(a1).is_empty  # an older copy does not roll it back


def test_update_replaces_what_it_references(store):
    store.apply(make("A"))
    store.apply(make("B", severity="Minor"))
    update = make("A2", minutes=10, msg_type="Update", refs=("A",))
    change = store.apply(update)
    assert ids(change.added) == ["A2"] and ids(change.removed) == ["A"]
    assert ids(store.active()) == ["A2", "B"]


def test_cancel_removes_its_references_and_is_not_itself_active(store):
    store.apply(make("A"))
    store.apply(make("B"))
    change = store.apply(make("C", minutes=10, msg_type="Cancel", refs=("A",)))
    assert change.added == () and ids(change.removed) == ["A"]
    assert ids(store.active()) == ["B"]


def test_polling_the_same_index_again_never_revives_dead_alerts(store):
    feed = [make("A"), make("A2", minutes=5, msg_type="Update", refs=("A",)),
            make("X"), make("XC", minutes=6, msg_type="Cancel", refs=("X",))]
    for _ in range(3):
        for message in feed:
            store.apply(message)
    assert ids(store.active()) == ["A2"]
    for message in reversed(feed):  # newest-first feeds: the Update arrives before its original
        store.apply(message)
    assert ids(store.active()) == ["A2"]


def test_update_arriving_before_its_original_wins():
    store = AlertStore(clock=Clock())
    store.apply(make("A2", minutes=5, msg_type="Update", refs=("A",)))
    assert store.apply(make("A")).is_empty
    assert ids(store.active()) == ["A2"]


def test_ack_and_error_messages_are_ignored(store):
    store.apply(make("A"))
    assert store.apply(make("K", msg_type="Ack", refs=("A",))).is_empty
    assert store.apply(make("E", msg_type="Error", refs=("A",))).is_empty
    assert ids(store.active()) == ["A"]


def test_references_match_on_sender_and_identifier_whatever_the_sent_format(store):
    store.apply(make("A"))
    cancel = make("C", msg_type="Cancel").model_copy(update={"references": [
        AlertReference(sender=SENDER, identifier="A", sent=None)]})
    assert ids(store.apply(cancel).removed) == ["A"]


def test_references_of_another_sender_do_not_match(store):
    store.apply(make("A"))
    store.apply(make("C", msg_type="Cancel", refs=("A",), sender="someone-else@x.invalid"))
    assert ids(store.active()) == ["A"]


def test_expire_removes_alerts_past_their_expiry(store, clock):
    store.apply(make("short", expires_in=30))
    store.apply(make("long", expires_in=120))
    store.apply(make("forever"))
    seen: list[StoreChange] = []
    store.subscribe(seen.append)
    clock.now = T0 + timedelta(minutes=30)
    assert store.expire() == []  # expires == now is not yet past
    clock.now = T0 + timedelta(minutes=31)
    assert ids(store.expire()) == ["short"]
    assert ids(seen[0].removed) == ["short"]
    assert sorted(ids(store.active())) == ["forever", "long"]
    assert store.apply(make("short", expires_in=30)).is_empty  # not revived by the next poll


def test_an_alert_already_expired_on_arrival_is_not_added(store, clock):
    clock.now = T0 + timedelta(hours=2)
    assert store.apply(make("old", expires_in=60)).is_empty
    assert store.active() == []


def test_active_orders_by_severity_then_newest(store):
    for identifier, severity, minutes in [("m-old", "Moderate", 0), ("x", "Extreme", 0),
                                          ("m-new", "Moderate", 30), ("u", "Unknown", 40),
                                          ("s", "Severe", 5), ("minor", "Minor", 50)]:
        store.apply(make(identifier, severity=severity, minutes=minutes))
    assert ids(store.active()) == ["x", "s", "m-new", "m-old", "minor", "u"]


def test_unsubscribe_and_a_failing_subscriber_does_not_stop_the_others(store):
    seen: list[StoreChange] = []

    def broken(change):
        raise RuntimeError("tile crashed")

    store.subscribe(broken)
    unsubscribe = store.subscribe(seen.append)
    store.apply(make("A"))
    assert len(seen) == 1
    unsubscribe()
    unsubscribe()  # twice is harmless
    store.apply(make("B"))
    assert len(seen) == 1


# --- acknowledgements ---------------------------------------------------------------------


def test_acknowledge_records_who_when_why(store):
    store.apply(make("A"))
    seen: list[StoreChange] = []
    store.subscribe(seen.append)
    ack = store.acknowledge("A", "lan", "evacuation ordered", at=T0)
    assert ack == Acknowledgement("A", "lan", "evacuation ordered", T0, "Severe")
    assert store.acknowledgement("A") == ack
    assert seen == [StoreChange(acknowledged=(ack,))]
    with pytest.raises(KeyError):
        store.acknowledge("nope", "lan")


def test_acknowledgements_round_trip_through_json(clock):
    first = AlertStore(clock=clock)
    first.apply(make("A"))
    first.apply(make("B", severity="Extreme"))
    first.acknowledge("A", "lan", "đã sơ tán", at=T0)
    first.acknowledge("B", "minh")
    rows = json.loads(json.dumps(first.export_acknowledgements()))
    second = AlertStore(clock=clock)
    second.import_acknowledgements(rows)
    assert second.acknowledgement("A") == first.acknowledgement("A")
    assert second.acknowledgement("B") == first.acknowledgement("B")
    assert second.export_acknowledgements() == first.export_acknowledgements()


def test_import_keeps_the_newer_ack_and_refuses_malformed_rows(store):
    store.import_acknowledgements([{"identifier": "A", "by": "lan", "at": T0.isoformat()}])
    store.import_acknowledgements([{"identifier": "A", "by": "old",
                                    "at": (T0 - timedelta(hours=1)).isoformat()}])
    assert store.acknowledgement("A").by == "lan"
    assert store.acknowledgement("A").comment == "" and store.acknowledgement("A").severity is None
    with pytest.raises(ParseError, match="acknowledgement row 1: missing 'by'"):
        store.import_acknowledgements([{"identifier": "B", "by": "x", "at": T0.isoformat()},
                                       {"identifier": "C", "at": T0.isoformat()}])
    assert store.acknowledgement("B") is None  # all or nothing
    with pytest.raises(ParseError, match="row 0"):
        store.import_acknowledgements([{"identifier": "C", "by": "x", "at": "2024-09-09"}])


def test_ack_carries_over_to_an_update_of_equal_or_lower_severity(store):
    store.apply(make("A", severity="Severe"))
    store.acknowledge("A", "lan", "on it", at=T0)
    store.apply(make("A2", minutes=5, severity="Severe", msg_type="Update", refs=("A",)))
    carried = store.acknowledgement("A2")
    assert (carried.by, carried.comment, carried.at) == ("lan", "on it", T0)
    store.apply(make("A3", minutes=10, severity="Moderate", msg_type="Update", refs=("A2",)))
    assert store.acknowledgement("A3").by == "lan"
    assert store.acknowledgement("A").by == "lan"  # the old one is kept by identifier
    assert set(store.acknowledgements()) == {"A", "A2", "A3"}
    assert store.acknowledgements()["A3"].severity == "Moderate"


def test_ack_does_not_carry_over_when_the_update_escalates(store):
    store.apply(make("A", severity="Severe"))
    store.acknowledge("A", "lan")
    store.apply(make("A2", minutes=5, severity="Extreme", msg_type="Update", refs=("A",)))
    assert store.acknowledgement("A2") is None


def test_ack_carries_over_after_a_restart_using_the_severity_it_recorded(clock):
    before = AlertStore(clock=clock)
    before.apply(make("A", severity="Severe"))
    before.acknowledge("A", "lan")
    rows = before.export_acknowledgements()
    after = AlertStore(clock=clock)
    after.import_acknowledgements(rows)
    after.apply(make("A2", minutes=5, severity="Moderate", msg_type="Update", refs=("A",)))
    after.apply(make("B2", minutes=5, severity="Extreme", msg_type="Update", refs=("B",)))
    assert after.acknowledgement("A2").by == "lan"
    assert after.acknowledgement("B2") is None


def test_expire_forgets_old_acks_of_inactive_alerts_but_keeps_active_ones(clock):
    store = AlertStore(clock=clock, retention=timedelta(days=1))
    store.apply(make("A"))
    store.apply(make("B", expires_in=60))
    store.acknowledge("A", "lan")
    store.acknowledge("B", "lan")
    clock.now = T0 + timedelta(days=3)
    store.expire()
    assert store.acknowledgement("A") is not None and store.acknowledgement("B") is None


def test_full_cap_sequence_from_fixtures(store):
    alert = parse_cap_message((CAP / "minimal_12.xml").read_bytes())
    update = parse_cap_message((CAP / "update.xml").read_bytes())
    cancel = parse_cap_message((CAP / "cancel.xml").read_bytes())
    store.apply(alert)
    store.acknowledge(alert.identifier, "lan")
    store.apply(update)
    assert ids(store.active()) == [update.identifier]
    assert store.acknowledgement(update.identifier).by == "lan"  # Extreme -> Severe
    assert ids(store.apply(cancel).removed) == [update.identifier]
    assert store.active() == []
