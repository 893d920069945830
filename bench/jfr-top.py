#!/usr/bin/env python3
"""Aggregates a JFR recording's CPU samples: where a server spends its time (issue 12 section 2's profile).
   python3 bench/jfr-top.py <recording.jfr> [top=25] [since=HH:MM:SS] [until=HH:MM:SS]
(since/until: only samples taken in that span, local time as `jfr print` shows it, e.g. only the workload)
Prints the methods with the most samples on top of the stack (self), the most samples anywhere in the stack
(inclusive), and inclusive counts for the parts the issue names (validation, narratives, audit, full text, H2, ...).
Reads `jfr print --events jdk.ExecutionSample --stack-depth 256` (the JDK's jfr tool)."""
import collections
import re
import subprocess
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
since = sys.argv[3] if len(sys.argv) > 3 else "00:00:00"
until = sys.argv[4] if len(sys.argv) > 4 else "99:99:99"
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "256", path],
                      capture_output=True, text=True, check=True).stdout

frame = re.compile(r"^\s+([\w$.<>]+)\(.*\)\s+line:")
samples = []
stack = None
taken = ""
for line in text.splitlines():
    if line.strip().startswith("startTime = "):
        taken = line.split("=", 1)[1].strip()[:8]
    elif line.strip().startswith("stackTrace = ["):
        stack = []
    elif stack is not None and line.strip() == "]":
        if since <= taken <= until:
            samples.append(stack)
        stack = None
    elif stack is not None:
        m = frame.match(line)
        if m:
            stack.append(m.group(1))

# What the candidates look like in a stack (first match wins, so order from specific to general)
parts = [
    # (not uk.concord.audit.RequestActivity: a filter around every request)
    ("audit trail (writer, BALP, journal)", ("uk.concord.audit.AuditTrail", "uk.concord.audit.AuditJournal",
                                             "uk.concord.audit.OperationAudit", "uk.concord.audit.DeniedAccessAudit",
                                             "ca.uhn.fhir.storage.interceptor.balp.")),
    ("profile validation", ("uk.concord.profiles.ProfileEnforcingInterceptor", "org.hl7.fhir.validation.",
                            "ca.uhn.fhir.validation.")),
    ("narrative generation", ("ca.uhn.fhir.narrative", "org.thymeleaf.")),
    ("IPS / $summary / passport", ("ca.uhn.fhir.jpa.ips.", "uk.concord.passport.")),
    ("access checks (security)", ("uk.concord.security.", "ca.uhn.fhir.rest.server.interceptor.auth.",
                                  "org.springframework.security.oauth2.", "com.nimbusds.")),
    ("full-text index (Hibernate Search, Lucene)", ("org.hibernate.search.", "org.apache.lucene.")),
    ("H2 database", ("org.h2.",)),
    ("JSON parse/encode", ("ca.uhn.fhir.parser.",)),
    ("Hibernate ORM", ("org.hibernate.",)),
]
by_part = collections.Counter()
self_count = collections.Counter()
incl = collections.Counter()
for s in samples:
    if not s:
        continue
    self_count[s[0]] += 1
    for m in set(s):
        incl[m] += 1
    joined = "\n".join(s)
    for name, prefixes in parts:
        if any(p in joined for p in prefixes):
            by_part[name] += 1
            break
    else:
        by_part["other"] += 1

n = len(samples)
print(f"{n} CPU samples in {path}\n")
print("| part of the work (first match: audit, validation, narratives, ...) | samples | share |")
print("|---|---:|---:|")
for name, c in by_part.most_common():
    print(f"| {name} | {c} | {100 * c / n:.1f} % |")
print(f"\n| top {top} methods, inclusive | samples | share |\n|---|---:|---:|")
interesting = [(m, c) for m, c in incl.most_common() if not m.startswith(("java.", "jdk.", "sun.", "org.apache.catalina",
               "org.apache.tomcat", "org.apache.coyote", "org.springframework.web", "jakarta.", "org.springframework.security.web"))]
for m, c in interesting[:top]:
    print(f"| {m} | {c} | {100 * c / n:.1f} % |")
print(f"\n| top {top} methods, self | samples | share |\n|---|---:|---:|")
for m, c in self_count.most_common(top):
    print(f"| {m} | {c} | {100 * c / n:.1f} % |")
