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
only: one JSON object per line on stdin, one answer per line on stdout. Each
message it sends carries what it promises (the sender's term, and that it
comes from the primary of that term), so the simulator holds the node to its
terms across crashes, and in ghost recoveries from what its disk holds.

--announce-before-persist plants a bug for the tests: a new primary announces
its term before the term is on disk. A crash would have to land inside that
fsync for a history to show it; the ghost recovery at the first announcement
finds the durable term older than the one announced (RestartKeepsTerm).
"""

import base64
import json
import random
import sys

STATE_FILE = "state"
TEMP_FILE = "state.tmp"
ANNOUNCE_BEFORE_PERSIST = "--announce-before-persist" in sys.argv[1:]


def write_line(value, request):
    # Echoing the request's id is optional; with it, a second answer to one request is refused
    # instead of being read as the answer to the next.
    if "requestId" in request:
        value = dict(value, requestId=request["requestId"])
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
                pass  # unreadable: start empty (naive, like the rest)
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
        # Write-temp, fsync, rename: written in place, a crash inside the fsync could tear the
        # only copy and bring the node back in term 0, below terms it had sent (the term
        # promises of its messages showed that, seeds 2 and 3). Its one mistake is in on_request.
        state = json.dumps({"term": self.term, "data": self.data, "sessions": self.sessions}, sort_keys=True)
        encoded = base64.b64encode(state.encode()).decode()
        return [
            {"kind": "write", "file": TEMP_FILE, "bytes": encoded},
            {"kind": "fsync", "file": TEMP_FILE},
            {"kind": "rename", "from": TEMP_FILE, "to": STATE_FILE},
        ]

    def broadcast(self, message):
        # Only the primary of a term sends, always in its own term.
        promises = {"term": message["term"], "fromLeader": True}
        return [{"kind": "send", "to": peer, "message": message, "promises": promises} for peer in self.peers]

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
        announce = self.broadcast({"type": "heartbeat", "term": self.term})
        return announce + self.persist() if ANNOUNCE_BEFORE_PERSIST else self.persist() + announce

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
            # reuse: all its state is in `node`, so a later init may host a fresh node here, and a
            # ghost recovery (one init per judged promise) costs no Python start-up.
            ready = {"type": "ready", "messageKind": "type", "reuse": True, "promises": True, "implementsFeatures": []}
            write_line(dict(ready, quietTicks=node.promised_quiet_ticks(), view=last_view), request)
        elif kind == "step":
            for _ in range(request.get("ticks", 0)):
                node.on_tick()  # held back by the harness under our last quietTicks promise
            effects = node.step(request["input"])
            answer = {"type": "effects", "effects": effects, "quietTicks": node.promised_quiet_ticks()}
            view = node.view()
            if view != last_view:  # an unchanged view may be left out
                answer["view"] = last_view = view
            write_line(answer, request)
        elif kind == "state-digest":
            write_line({"type": "state-digest", "digest": node.state_digest()}, request)
        else:
            raise ValueError("unknown request type %r" % kind)


if __name__ == "__main__":
    main()
