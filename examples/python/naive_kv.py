#!/usr/bin/env python3
"""A deliberately naive replicated key/value store, as a raft-check exec node.

    raft-check --seeds 1..20 --system exec:'python3 examples/python/naive_kv.py'

Primary-backup with failover, and the classic mistake: the primary applies a
write, answers the client at once, and only then tells the backups (and its
own disk). A backup that hears nothing from the primary for an election
timeout takes over with a higher term, with whatever it has. Acknowledged
writes get lost, and a deposed primary that has not heard of its successor
keeps answering reads from its old state: not linearizable.

It speaks the step protocol of docs/protocol.md, with the standard library
only: one JSON object per line on stdin, one answer per line on stdout.
"""

import base64
import json
import random
import sys

STATE_FILE = "state"


def write_line(value):
    sys.stdout.write(json.dumps(value, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def read_line():
    line = sys.stdin.readline()
    if line == "":
        sys.exit(0)  # the harness is gone
    return json.loads(line)


class NaiveKv:
    def __init__(self, init):
        self.id = init["id"]
        self.peers = [node for node in init["cluster"] if node != self.id]
        # A node started for a membership change this store does not support: it stays out of the way.
        self.member = self.id in init["cluster"]
        self.nodes = len(init["cluster"])
        self.tuning = init["tuning"]
        # The only randomness: a generator seeded from init, so that a seed replays exactly.
        self.random = random.Random(init["randomSeed"])
        self.data = {}
        self.sessions = {}  # client -> [seq, output]: answers retries without applying twice
        self.term = 0
        saved = init["files"].get(STATE_FILE)
        if saved is not None:
            try:
                state = json.loads(base64.b64decode(saved))
                self.term, self.data, self.sessions = state["term"], state["data"], state["sessions"]
            except ValueError:
                pass  # a torn write: start empty (naive, like the rest)
        # The primary of term t is node (t mod n) + 1, so two nodes never lead the same term.
        self.primary = self.term % self.nodes + 1
        self.quiet_ticks = 0
        self.timeout = self.draw_timeout()

    def draw_timeout(self):
        low, high = self.tuning["electionTimeoutMinTicks"], self.tuning["electionTimeoutMaxTicks"]
        return self.random.randrange(low, high)

    def view(self):
        return {
            "role": "leader" if self.primary == self.id else "follower",
            "term": self.term,
            "commitIndex": 0,
            "appliedIndex": 0,
            "snapshotIndex": 0,
            "snapshotTerm": 0,
            "lastIndex": 0,
        }

    def persist(self):
        state = json.dumps({"term": self.term, "data": self.data, "sessions": self.sessions}, sort_keys=True)
        encoded = base64.b64encode(state.encode()).decode()
        return [{"kind": "write", "file": STATE_FILE, "bytes": encoded}, {"kind": "fsync", "file": STATE_FILE}]

    def broadcast(self, message):
        return [{"kind": "send", "to": peer, "message": message} for peer in self.peers]

    def promised_quiet_ticks(self):
        """How many next ticks change nothing visible (the quietTicks promise of docs/protocol.md)."""
        due = self.tuning["heartbeatTicks"] if self.primary == self.id else self.timeout
        return max(0, due - self.quiet_ticks - 1)

    def step(self, step_input):
        kind = step_input["kind"]
        if kind == "tick":
            return self.on_tick()
        if kind == "message":
            return self.on_message(step_input["message"])
        if kind == "admin":
            # No membership changes or leadership transfer here: refuse, as the protocol allows.
            return [{"kind": "admin-reply", "id": step_input["id"], "outcome": "rejected"}]
        return self.on_request(step_input["request"])

    def on_tick(self):
        if not self.member:
            return []
        if self.primary == self.id:
            self.quiet_ticks += 1
            if self.quiet_ticks < self.tuning["heartbeatTicks"]:
                return []
            self.quiet_ticks = 0
            return self.broadcast({"type": "heartbeat", "term": self.term})
        self.quiet_ticks += 1
        if self.quiet_ticks < self.timeout:
            return []
        # Take over with what we have: the naive part.
        self.term += 1
        while self.term % self.nodes + 1 != self.id:
            self.term += 1
        self.primary = self.id
        self.quiet_ticks = 0
        self.timeout = self.draw_timeout()
        return self.persist() + self.broadcast({"type": "heartbeat", "term": self.term})

    def on_message(self, message):
        if message["term"] < self.term:
            return []
        if message["term"] > self.term:
            self.term = message["term"]
            self.primary = self.term % self.nodes + 1
        self.quiet_ticks = 0
        if message["type"] == "update":
            self.data[message["key"]] = message["value"]
            self.sessions[str(message["client"])] = [message["seq"], message["output"]]
            return self.persist()
        return []

    def on_request(self, request):
        client, seq, op = request["client"], request["seq"], request["op"]
        if self.primary != self.id:
            return [{"kind": "reply", "to": client, "response": {"kind": "not-leader", "seq": seq, "leaderHint": self.primary}}]
        session = self.sessions.get(str(client))
        if session is not None and session[0] == seq:
            return [{"kind": "reply", "to": client, "response": {"kind": "ok", "seq": seq, "output": session[1]}}]
        key = op["key"]
        current = self.data.get(key, "")
        if op["op"] == "get":
            return [{"kind": "reply", "to": client, "response": {"kind": "ok", "seq": seq, "output": {"value": current}}}]
        output = {}
        value = current
        if op["op"] == "put":
            value = op["value"]
        elif op["op"] == "append":
            value = current + op["value"]
        elif op["op"] == "delete":
            value = ""
        elif op["op"] == "cas":
            swapped = current == op["expect"]
            output = {"ok": swapped}
            value = op["value"] if swapped else current
        self.data[key] = value
        self.sessions[str(client)] = [seq, output]
        reply = {"kind": "reply", "to": client, "response": {"kind": "ok", "seq": seq, "output": output}}
        update = {"type": "update", "term": self.term, "key": key, "value": value, "client": client, "seq": seq, "output": output}
        # The bug: the client hears "ok" before anyone else, or the disk, has the write.
        return [reply] + self.broadcast(update) + self.persist()

    def state_digest(self):
        # No log: the view says nothing was applied through one (appliedIndex 0), and the
        # state at applied index 0 is the empty store. Only the clients' history judges this node.
        return "empty"


def main():
    node = None
    last_view = None
    while True:
        request = read_line()
        kind = request["type"]
        if kind == "init":
            node = NaiveKv(request)
            last_view = node.view()
            write_line({"type": "ready", "messageKind": "type", "quietTicks": node.promised_quiet_ticks(), "view": last_view})
        elif kind == "step":
            for _ in range(request.get("ticks", 0)):
                node.on_tick()  # held back by the harness under our last quietTicks promise
            effects = node.step(request["input"])
            answer = {"type": "effects", "effects": effects, "quietTicks": node.promised_quiet_ticks()}
            view = node.view()
            if view != last_view:  # an unchanged view may be left out
                answer["view"] = last_view = view
            write_line(answer)
        elif kind == "state-digest":
            write_line({"type": "state-digest", "digest": node.state_digest()})
        else:
            raise ValueError("unknown request type %r" % kind)


if __name__ == "__main__":
    main()
