#!/usr/bin/env python3
# gen.py -- a synthetic company for `make bench`: N people, 10 systems
# SPDX-License-Identifier: MIT
#
#   python3 tests/bench/gen.py [--seed S] [--previous] PEOPLE OUTDIR
#
# Writes into OUTDIR the exports of one quarter (2026-11-20) of a company
# of PEOPLE people: an LDIF directory, and ten systems in the five policy
# categories, in the formats the tool reads (SCIM users and groups, CSV and
# JSON presets, a generic JSON mapping, LDIF groups), plus
# accessreview.conf and ldap-seed.ldif (the directory and its groups for
# slapadd).  With --previous it writes last quarter's exports of the same
# company instead: ~2% of people had not joined yet, today's leavers were
# still active, and ~3% of accounts held one team fewer.
#
# Deterministic: the same seed, size and variant give identical files.
# Only the Python 3 standard library is used.
#
# The company, per 100 people (counts scale with PEOPLE; the few very large
# groups are capped at 50,000 members, as real exports page them):
#   directory  3 leavers (pwdAccountLockedTime), mail in odd case for some
#   github     SCIM users + groups (teams, nested groups, Owners) + the
#              2FA-disabled list (~5% of members); ~1% orphans, bots
#   gitlab     JSON (GitLab users): 25, admins, blocked, bots
#   marketplace  CSV (Google Workspace): 30, suspended leavers, 2SV
#   atlassian  CSV (Atlassian users): 60, 2-5 groups each, site-admins
#   zendesk    JSON (Zendesk users): 10 agents, end-users (skipped)
#   deploy     LDIF groupOfNames (nested) and posixGroup memberUid
#   aws        CSV (IAM credential report): 3 console users, key-only users
#   vault      JSON of no preset, read through field.* keys
#   datadog    JSON:API (Datadog users) with roles in `included`
#   splunk     SCIM users + groups
# About 10 grants per person: 100,000 people give ~1,000,000 grants.

import argparse
import csv
import json
import os
import random
import sys
import uuid

NOW = 1795132800          # 2026-11-20T00:00:00Z
DAY = 86400
BIG_GROUP_CAP = 50000
PEOPLE_DN = "ou=people,dc=example,dc=com"
GROUPS_DN = "ou=groups,dc=example,dc=com"

FIRST = ("Amara Lucas Yuki Kwame Noah Aisha Kenji Arjun Grace Tobias Mei "
         "Daniel Hannah Tom Oliver Rachel Priya Sofia Mateo Emma Samuel "
         "Lena Ravi Olivia Charlotte Fatima William Jose Ines Marek Hana "
         "Bjorn Zoe Felix Nadia Omar Leila Chen Ana Pedro Ivan Elena Jonas "
         "Mira Paul Sara Luca Nina Adam Eva Karim Julia Tariq Maya Hugo "
         "Alice Bruno Clara David Erik Freya Gustav Helga Ingrid Jakob "
         "Katja Lars Magnus Nora Oskar Petra Quinn Rosa Stefan Tina Ulla "
         "Viktor Wanda Xavier Yara Zane Abdul Bashir Chloe Dmitri Esme "
         "Farid Goran Hiro Imani Jamal Kofi Lina Moses Nia Orla Pablo").split()
LAST = ("Okafor Silva Tanaka Asante Fischer Bello Sato Mehta Kim Wagner Lin "
        "Moreau Schmidt Becker Grant Vance Raman Rossi Garcia Novak Osei "
        "Hoffmann Iyer Martin Evans Haddad Ndlovu Nunez Carvalho Dvorak "
        "Yamamoto Lindqvist Clarke Braun Kowalski Nowak Horvat Popescu "
        "Ivanova Jensen Larsen Berg Dahl Holm Lund Nyberg Sandberg Strand "
        "Ahmed Ali Khan Hussein Rahman Singh Patel Shah Gupta Kumar Reddy "
        "Nguyen Tran Le Pham Hoang Wong Chan Lau Cheung Ho Park Choi Jung "
        "Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Ryu "
        "Jeon Hong Ko Moon Yang Son Bae Baek Heo Yoo Nam Sim Noh Ha Kwak "
        "Sung Cha Joo Woo Koo Min Na Ji Jin Um Byun Chae Won Bang Gong "
        "Hyun Ham Yeo Chu Do So Seok Sun Seol Ma Gil Yeon Wi Pyo Myung Ki "
        "Ban Ra Wang Geum Ok Yook In Maeng Je Mo Tak Kook Eo Eun Pyun Yong "
        "Adeyemi Mensah Boateng Owusu Kariuki Otieno Mwangi Njoroge Abebe "
        "Tesfaye Girma Bekele Diallo Traore Keita Coulibaly Toure Sow Ba "
        "Fofana Camara Sylla Cisse Kone Sangare Dembele Doumbia Kante Sissoko "
        "Morales Ortiz Ramos Reyes Cruz Flores Gomez Diaz Torres Vargas").split()
DEPARTMENTS = [("Engineering", 40), ("Support", 12), ("Sales", 10),
               ("Marketing", 6), ("Finance", 4), ("People", 3), ("Legal", 2),
               ("Security", 3), ("Operations", 8), ("Product", 6),
               ("Data", 4), ("Marketplace", 2)]
SHARED_MAILBOXES = ["support", "admin", "billing", "security", "ops-team",
                    "shared-ci", "noreply", "helpdesk"]


def ts(t):
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % _gm(t)


def _gm(t):
    import time
    g = time.gmtime(t)
    return (g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec)


class Company:
    """Everything decided up front from the seed; the variant only filters
    what is written, so both quarters describe the same company."""

    def __init__(self, people, seed):
        self.rng = random.Random(seed)
        self.n = people
        self.persons = []
        self._make_people()

    def uuid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _make_people(self):
        rng = self.rng
        seen = {}
        weights = [w for _, w in DEPARTMENTS]
        names = [d for d, _ in DEPARTMENTS]
        for i in range(self.n):
            first = rng.choice(FIRST)
            last = rng.choice(LAST)
            base = (first + "." + last).lower()
            count = seen.get(base, 0)
            seen[base] = count + 1
            uid = base if count == 0 else "%s%d" % (base, count + 1)
            p = {
                "i": i, "uid": uid, "first": first, "last": last,
                "empno": "%07d" % (1000000 + i),
                "dept": rng.choices(names, weights)[0],
                # 3 in 100 have left; 2 in 100 joined this quarter
                "leaver": rng.random() < 0.03,
                "joiner": rng.random() < 0.02,
                "mail_case": rng.random() < 0.005,
                # a last login for SaaS exports: 10% dormant, 1% never
                "login": self._login(),
                "manager": None,
            }
            if i > 10:
                p["manager"] = self.persons[rng.randrange(0, min(i, 1000))][
                    "uid"]
            self.persons.append(p)

    def _login(self):
        r = self.rng.random()
        if r < 0.01:
            return -1
        if r < 0.11:
            return NOW - self.rng.randrange(91, 400) * DAY
        return NOW - self.rng.randrange(0, 60) * DAY - \
            self.rng.randrange(0, DAY)

    def mail(self, p):
        m = p["uid"] + "@example.com"
        if p["mail_case"]:
            return p["first"] + "." + p["last"] + \
                m[len(p["first"]) + len(p["last"]) + 1:].replace(
                    "example.com", "Example.com")
        return m

    def sample(self, fraction, dept=None, dept_bias=0.0):
        """People holding an account in a system: a fraction of everybody,
        favouring one department when dept_bias is set."""
        rng = self.rng
        out = []
        for p in self.persons:
            f = fraction
            if dept is not None and p["dept"] == dept:
                f = min(1.0, fraction + dept_bias)
            if rng.random() < f:
                out.append(p)
        return out


class Writer:
    def __init__(self, company, outdir, previous):
        self.c = company
        self.rng = company.rng
        self.out = outdir
        self.previous = previous
        os.makedirs(outdir, exist_ok=True)

    def present(self, p):
        """Whether a person exists in this quarter's exports."""
        return not (self.previous and p["joiner"])

    def has(self, account):
        """Whether an account exists in this quarter's exports."""
        return account["p"] is None or self.present(account["p"])

    def leaver(self, p):
        return p["leaver"] and not self.previous

    def drop_team(self, key):
        """Last quarter ~3% of accounts lacked their last team."""
        return self.previous and (hash_int(key) % 100) < 3

    def path(self, name):
        return os.path.join(self.out, name)

    # ---- directory ----

    def directory(self):
        c = self.c
        with open(self.path("directory.ldif"), "w", encoding="utf-8") as f:
            f.write("version: 1\n\n# base <%s> with scope subtree\n"
                    "# filter: (objectClass=inetOrgPerson)\n\n" % PEOPLE_DN)
            count = 0
            for p in c.persons:
                if not self.present(p):
                    continue
                count += 1
                f.write("dn: uid=%s,%s\n" % (p["uid"], PEOPLE_DN))
                f.write("objectClass: inetOrgPerson\n")
                f.write("uid: %s\ncn: %s %s\nsn: %s\ngivenName: %s\n"
                        % (p["uid"], p["first"], p["last"], p["last"],
                           p["first"]))
                f.write("displayName: %s %s\nmail: %s\n"
                        % (p["first"], p["last"], c.mail(p)))
                f.write("employeeNumber: %s\ndepartmentNumber: %s\n"
                        % (p["empno"], p["dept"]))
                if p["manager"]:
                    f.write("manager: uid=%s,%s\n" % (p["manager"],
                                                      PEOPLE_DN))
                if self.leaver(p):
                    f.write("pwdAccountLockedTime: 20261002170512Z\n")
                f.write("\n")
            f.write("# numEntries: %d\n" % count)

    # ---- github: SCIM users, SCIM groups, 2FA-disabled list ----

    def github(self):
        c, rng = self.c, self.rng
        holders = c.sample(0.45, "Engineering", 0.5)
        accounts = []
        for p in holders:
            if p["leaver"] and rng.random() < 0.5:
                continue          # removed properly
            login = p["uid"]
            if rng.random() < 0.05:
                login = p["uid"].replace(".", "-") + "-gh"
            accounts.append({"id": c.uuid(), "login": login, "p": p,
                             "email": c.mail(p), "active": rng.random() > 0.02,
                             "bot": False,
                             "mfa": rng.random() > 0.05})
        for k in range(max(1, c.n // 100)):
            accounts.append({"id": c.uuid(), "login": "ext-%05d" % k,
                             "p": None, "email": "ext-%05d@contractor.example"
                             % k, "active": True, "bot": False,
                             "mfa": rng.random() > 0.3})
        for k in range(max(1, c.n // 1000)):
            accounts.append({"id": c.uuid(), "login": "svc-bot-%04d" % k,
                             "p": None, "email": None, "active": True,
                             "bot": True, "mfa": True})
        self.write_scim_users("github-users.json", accounts,
                              "https://github.example.com/api/v3/scim/v2")
        groups = self.teams(accounts, "team", per_account=4.2,
                            size=(8, 60))
        big = [a for a in accounts if a["p"] and
               a["p"]["dept"] == "Engineering"][:BIG_GROUP_CAP]
        groups.append({"id": c.uuid(), "name": "engineering", "members": big,
                       "groups": []})
        everyone = accounts[:BIG_GROUP_CAP]
        groups.append({"id": c.uuid(), "name": "all-members",
                       "members": everyone, "groups": []})
        release = {"id": c.uuid(), "name": "Release Managers",
                   "members": rng.sample(accounts, min(50, len(accounts))),
                   "groups": []}
        owners = {"id": c.uuid(), "name": "Owners",
                  "members": rng.sample(accounts, min(20, len(accounts))),
                  "groups": [release]}
        groups += [release, owners]
        # departments hold 1 team in 10 (nested grants "via" the team)
        for d, _ in DEPARTMENTS:
            teams = [g for g in groups if g["name"].startswith("team-")
                     and hash_int(g["id"] + d) % (10 * len(DEPARTMENTS)) == 0]
            groups.append({"id": c.uuid(), "name": "dept-" + d.lower(),
                           "members": [], "groups": teams})
        self.write_scim_groups("github-groups.json", groups,
                               "https://github.example.com/api/v3/scim/v2")
        # GET /orgs/ORG/members?filter=2fa_disabled
        with open(self.path("github-2fa-disabled.json"), "w") as f:
            f.write("[\n")
            first = True
            for a in accounts:
                if a["mfa"] or not a["active"] or not self.has(a):
                    continue
                n = hash_int(a["id"]) % 10000000
                item = {"login": a["login"], "id": n,
                        "node_id": "MDQ6VXNlcj%d" % n,
                        "url": "https://github.example.com/api/v3/users/"
                        + a["login"], "type": "User", "site_admin": False}
                f.write(("" if first else ",\n") +
                        json.dumps(item, indent=2))
                first = False
            f.write("\n]\n")

    def teams(self, accounts, prefix, per_account, size):
        """Teams of `size` members; each account in about per_account of
        them, so the total membership is per_account * accounts."""
        rng = self.rng
        lo, hi = size
        mean = (lo + hi) / 2
        count = max(1, int(len(accounts) * per_account / mean))
        groups = [{"id": self.c.uuid(), "name": "%s-%05d" % (prefix, k),
                   "members": [], "groups": []} for k in range(count)]
        for a in accounts:
            k = max(1, int(rng.gauss(per_account, 1.2)))
            chosen = {rng.randrange(count) for _ in range(k)}
            for j in sorted(chosen):
                groups[j]["members"].append(a)
            if self.drop_team(a["id"]) and chosen:
                groups[max(chosen)]["members"].pop()
        return groups

    def write_scim_users(self, name, accounts, base):
        ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        accounts = [a for a in accounts if self.has(a)]
        with open(self.path(name), "w", encoding="utf-8") as f:
            f.write('{\n  "schemas": ["urn:ietf:params:scim:api:messages:'
                    '2.0:ListResponse"],\n  "totalResults": %d,\n'
                    '  "startIndex": 1,\n  "itemsPerPage": %d,\n'
                    '  "Resources": [\n' % (len(accounts), len(accounts)))
            for k, a in enumerate(accounts):
                p = a["p"]
                r = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                                 ent],
                     "id": a["id"], "externalId": p["empno"] if p else None,
                     "userName": a["login"]}
                if p:
                    r["name"] = {"givenName": p["first"],
                                 "familyName": p["last"],
                                 "formatted": p["first"] + " " + p["last"]}
                    r["displayName"] = p["first"] + " " + p["last"]
                if a["email"]:
                    r["emails"] = [{"value": a["email"], "type": "work",
                                    "primary": True}]
                if a["bot"]:
                    r["userType"] = "ServiceAccount"
                r["active"] = a["active"] and not (p and self.leaver(p) and
                                                   hash_int(a["id"]) % 4 == 0)
                if p:
                    r[ent] = {"employeeNumber": p["empno"],
                              "department": p["dept"]}
                r["meta"] = {"resourceType": "User",
                             "created": "2021-03-04T09:00:00Z",
                             "lastModified": "2026-11-18T07:59:12Z",
                             "location": base + "/Users/" + a["id"],
                             "version": 'W/"%s"' % a["id"][:8]}
                if r["externalId"] is None:
                    del r["externalId"]
                f.write(("    " if k == 0 else ",\n    ") +
                        json.dumps(r, ensure_ascii=False))
            f.write("\n  ]\n}\n")

    def write_scim_groups(self, name, groups, base):
        with open(self.path(name), "w", encoding="utf-8") as f:
            f.write('{\n  "schemas": ["urn:ietf:params:scim:api:messages:'
                    '2.0:ListResponse"],\n  "totalResults": %d,\n'
                    '  "startIndex": 1,\n  "itemsPerPage": %d,\n'
                    '  "Resources": [\n' % (len(groups), len(groups)))
            for k, g in enumerate(groups):
                # Okta-style members: value and display only
                members = [{"value": a["id"], "display": display(a)}
                           for a in g["members"] if self.has(a)]
                members += [{"value": s["id"], "$ref": base + "/Groups/" +
                             s["id"], "display": s["name"], "type": "Group"}
                            for s in g["groups"]]
                r = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:"
                                 "Group"],
                     "id": g["id"], "displayName": g["name"],
                     "members": members,
                     "meta": {"resourceType": "Group",
                              "location": base + "/Groups/" + g["id"]}}
                f.write(("    " if k == 0 else ",\n    ") +
                        json.dumps(r, ensure_ascii=False))
            f.write("\n  ]\n}\n")

    # ---- splunk: SCIM users and groups, matched by email ----

    def splunk(self):
        c = self.c
        holders = c.sample(0.5, "Operations", 0.4)
        accounts = [{"id": c.uuid(), "login": c.mail(p).lower(), "p": p,
                     "email": c.mail(p), "active": True, "bot": False,
                     "mfa": True} for p in holders]
        base = "https://splunk.example.com/services/scim/v2"
        self.write_scim_users("splunk-users.json", accounts, base)
        groups = self.teams(accounts, "index", per_account=3.0,
                            size=(20, 400))
        groups.append({"id": c.uuid(), "name": "splunk-users",
                       "members": accounts[:BIG_GROUP_CAP], "groups": []})
        groups.append({"id": c.uuid(), "name": "admin",
                       "members": self.rng.sample(accounts,
                                                  min(15, len(accounts))),
                       "groups": []})
        self.write_scim_groups("splunk-groups.json", groups, base)

    # ---- gitlab: GET /api/v4/users ----

    def gitlab(self):
        c, rng = self.c, self.rng
        with open(self.path("gitlab-users.json"), "w") as f:
            f.write("[\n")
            k = 0
            sep = ""
            for p in c.sample(0.15, "Engineering", 0.25):
                k += 1
                last = p["login"]
                item = {"id": k + 1, "username": p["uid"],
                        "name": p["first"] + " " + p["last"],
                        "state": "blocked" if rng.random() < 0.02
                        else "active", "locked": False, "bot": False,
                        "last_sign_in_at": None if last < 0
                        else ts(last).replace("Z", ".000Z"),
                        "last_activity_on": None if last < 0
                        else ts(last)[:10],
                        "email": c.mail(p),
                        "two_factor_enabled": rng.random() > 0.05,
                        "external": False,
                        "is_admin": rng.random() < 0.002,
                        "is_auditor": rng.random() < 0.002,
                        "using_license_seat": True}
                if self.present(p):
                    f.write(sep + json.dumps(item))
                    sep = ",\n"
            for b in range(max(1, c.n // 2000)):
                k += 1
                item = {"id": k + 1, "username": "project_%d_bot" % b,
                        "name": "bot", "state": "active", "locked": False,
                        "bot": True, "last_sign_in_at": None,
                        "last_activity_on": ts(NOW - DAY)[:10],
                        "email": "project_%d_bot@noreply.example.com" % b,
                        "two_factor_enabled": False, "is_admin": False,
                        "is_auditor": False}
                f.write(sep + json.dumps(item))
                sep = ",\n"
            f.write("\n]\n")

    # ---- marketplace: Google Workspace "Download users" ----

    def marketplace(self):
        c, rng = self.c, self.rng
        header = ("First Name [Required],Last Name [Required],Email Address "
                  "[Required],Password [Required],Password Hash Function "
                  "[UPLOAD ONLY],Org Unit Path [Required],New Primary Email "
                  "[UPLOAD ONLY],Status [READ ONLY],Last Sign In [READ ONLY],"
                  "Recovery Email,Employee ID,Employee Type,Employee Title,"
                  "Manager Email,Department,2sv Enrolled [READ ONLY],"
                  "2sv Enforced [READ ONLY]").split(",")
        with open(self.path("google-workspace-users.csv"), "w",
                  newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            for p in c.sample(0.3, "Marketplace", 0.7):
                last = p["login"]
                suspended = rng.random() < 0.8 and self.leaver(p)
                enrolled = rng.random() > 0.05
                if not self.present(p):
                    continue
                w.writerow([p["first"], p["last"], c.mail(p), "****", "",
                            "/" + p["dept"], "",
                            "Suspended" if suspended else "Active",
                            "Never logged in" if last < 0 else
                            ts(last)[:19].replace("-", "/").replace("T", " "),
                            "", p["empno"], "Employee", "", "", p["dept"],
                            "True" if enrolled else "False", "True"])
            for box in SHARED_MAILBOXES:
                w.writerow(["Shared", box, box + "@example.com", "****", "",
                            "/Shared", "", "Active", "2026/11/19 08:00:00",
                            "", "", "", "", "", "", "False", "False"])

    # ---- atlassian: "Export users" with groups ----

    def atlassian(self):
        c, rng = self.c, self.rng
        teams = ["jira-team-%04d" % k for k in range(max(1, c.n // 400))]
        with open(self.path("atlassian-users.csv"), "w", newline="",
                  encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(["User id", "User name", "email", "User status",
                        "Added to org", "Org role",
                        "Last seen in Jira - flowdence",
                        "Last seen in Confluence - flowdence", "Group name"])
            for p in c.sample(0.6, "Support", 0.35):
                groups = ["jira-software-users-flowdence"]
                if rng.random() < 0.8:
                    groups.append("confluence-users-flowdence")
                groups += rng.sample(teams, min(len(teams),
                                                rng.randint(1, 2)))
                if rng.random() < 0.001:
                    groups.append("site-admins")
                last = p["login"]
                seen = "Never accessed" if last < 0 else day_month_year(last)
                if not self.present(p):
                    continue
                w.writerow(["%024x" % hash_int(p["uid"] + "atl"),
                            p["first"] + " " + p["last"], c.mail(p),
                            "Active", "14 Mar 2022", "", seen,
                            "Never accessed", ", ".join(groups)])

    # ---- zendesk: GET /api/v2/users ----

    def zendesk(self):
        c, rng = self.c, self.rng
        users = []
        for p in c.sample(0.1, "Support", 0.6):
            last = p["login"]
            users.append({"id": 384000000000 + p["i"],
                          "name": p["first"] + " " + p["last"],
                          "email": c.mail(p),
                          "role": "admin" if rng.random() < 0.02
                          else "agent",
                          "active": True, "suspended": False,
                          "last_login_at": None if last < 0 else ts(last),
                          "two_factor_auth_enabled":
                          None if rng.random() < 0.03
                          else rng.random() > 0.05,
                          "external_id": p["empno"]})
            if not self.present(p):
                users.pop()
        for k in range(max(1, c.n // 20)):
            users.append({"id": 390000000000 + k, "name": "Customer %d" % k,
                          "email": "customer%d@customer.example" % k,
                          "role": "end-user", "active": True,
                          "suspended": False, "last_login_at": None,
                          "two_factor_auth_enabled": False})
        with open(self.path("zendesk-users.json"), "w") as f:
            f.write('{\n"users": [\n')
            f.write(",\n".join(json.dumps(u) for u in users))
            f.write('\n],\n"next_page": null,\n"previous_page": null,\n'
                    '"count": %d\n}\n' % len(users))

    # ---- deploy: LDAP groups (groupOfNames, nested; posixGroup) ----

    def deploy(self):
        c, rng = self.c, self.rng
        holders = c.sample(0.2, "Engineering", 0.2)
        count = max(2, len(holders) // 25)
        with open(self.path("deploy-groups.ldif"), "w") as f:
            f.write("version: 1\n\n")
            deployers = holders[:min(len(holders) // 2, BIG_GROUP_CAP // 2)]
            f.write("dn: cn=deployers,%s\nobjectClass: groupOfNames\n"
                    "cn: deployers\n" % GROUPS_DN)
            f.write("member: cn=release-managers,%s\n" % GROUPS_DN)
            for p in deployers:
                if self.present(p):
                    f.write("member: uid=%s,%s\n" % (p["uid"], PEOPLE_DN))
            f.write("\ndn: cn=release-managers,%s\nobjectClass: groupOfNames"
                    "\ncn: release-managers\n" % GROUPS_DN)
            for p in rng.sample(holders, min(40, len(holders))):
                if self.present(p):
                    f.write("member: uid=%s,%s\n" % (p["uid"], PEOPLE_DN))
            f.write("\n")
            for k in range(count):
                f.write("dn: cn=svc-%05d,%s\nobjectClass: groupOfNames\n"
                        "cn: svc-%05d\n" % (k, GROUPS_DN, k))
                if k % 20 == 0 and k + 1 < count:
                    f.write("member: cn=svc-%05d,%s\n" % (k + 1, GROUPS_DN))
                for p in rng.sample(holders, min(len(holders), 30)):
                    if self.present(p):
                        f.write("member: uid=%s,%s\n"
                                % (p["uid"], PEOPLE_DN))
                f.write("\n")
            for k in range(max(1, count // 10)):
                f.write("dn: cn=viewers-%04d,%s\nobjectClass: posixGroup\n"
                        "cn: viewers-%04d\ngidNumber: %d\n"
                        % (k, GROUPS_DN, k, 5000 + k))
                for p in rng.sample(holders, min(len(holders), 20)):
                    if self.present(p):
                        f.write("memberUid: %s\n" % p["uid"])
                f.write("\n")

    # ---- aws: IAM credential report ----

    def aws(self):
        c, rng = self.c, self.rng
        header = ("user,arn,user_creation_time,password_enabled,"
                  "password_last_used,password_last_changed,"
                  "password_next_rotation,mfa_active,access_key_1_active,"
                  "access_key_1_last_rotated,access_key_1_last_used_date,"
                  "access_key_1_last_used_region,"
                  "access_key_1_last_used_service,access_key_2_active,"
                  "access_key_2_last_rotated,access_key_2_last_used_date,"
                  "access_key_2_last_used_region,"
                  "access_key_2_last_used_service,cert_1_active,"
                  "cert_1_last_rotated,cert_2_active,cert_2_last_rotated")
        arn = "arn:aws:iam::111122223333:"
        with open(self.path("aws-iam-credential-report.csv"), "w") as f:
            f.write(header + "\n")
            f.write("<root_account>,%sroot,2019-03-11T08:02:51+00:00,"
                    "not_supported,2026-04-02T17:45:09+00:00,not_supported,"
                    "not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,"
                    "N/A,N/A,false,N/A,false,N/A\n" % arn)
            for p in c.sample(0.03, "Operations", 0.2):
                last = p["login"]
                used = "no_information" if last < 0 else \
                    ts(last).replace("Z", "+00:00")
                mfa = "true" if rng.random() > 0.05 else "false"
                if not self.present(p):
                    continue
                f.write("%s,%suser/%s,2021-09-02T08:11:40+00:00,true,%s,"
                        "2026-09-01T09:00:12+00:00,N/A,%s,false,N/A,N/A,N/A,"
                        "N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
                        % (p["uid"], arn, p["uid"], used, mfa))
            for k in range(max(1, c.n // 2000)):
                f.write("svc-%04d,%suser/svc/svc-%04d,2022-01-01T00:00:00"
                        "+00:00,false,N/A,N/A,N/A,false,true,"
                        "2026-01-01T00:00:00+00:00,2026-11-19T00:00:00+00:00,"
                        "eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,"
                        "N/A\n" % (k, arn, k))

    # ---- vault: an export of no preset (field.* mapping) ----

    def vault(self):
        c, rng = self.c, self.rng
        policies = ["policy-%03d" % k for k in range(max(4, c.n // 1000))]
        with open(self.path("vault-entities.json"), "w") as f:
            f.write("[\n")
            first = True
            for p in c.sample(0.2, "Engineering", 0.15):
                last = p["login"]
                held = rng.sample(policies, rng.randint(1, 4))
                if rng.random() < 0.002:
                    held.append("root")
                item = {"entity_id": c.uuid(), "name": p["uid"],
                        "mail": c.mail(p), "disabled": False,
                        "mfa": "enrolled" if rng.random() > 0.05
                        else "not enrolled",
                        "last_login": "never" if last < 0 else ts(last),
                        "policies": held}
                if not self.present(p):
                    continue
                f.write(("" if first else ",\n") + json.dumps(item))
                first = False
            f.write("\n]\n")

    # ---- datadog: GET /api/v2/users ----

    def datadog(self):
        c, rng = self.c, self.rng
        roles = [(c.uuid(), "Datadog Admin Role"),
                 (c.uuid(), "Datadog Standard Role"),
                 (c.uuid(), "Datadog Read Only Role")]
        roles += [(c.uuid(), "custom-%02d" % k) for k in range(10)]
        users = []
        for p in c.sample(0.4, "Engineering", 0.2):
            r = rng.random()
            held = [roles[0]] if r < 0.01 else \
                [roles[1]] if r < 0.6 else [roles[2]]
            if rng.random() < 0.5:
                held.append(rng.choice(roles[3:]))
            users.append(
                {"type": "users", "id": c.uuid(),
                 "attributes": {"name": p["first"] + " " + p["last"],
                                "handle": c.mail(p), "email": c.mail(p),
                                "verified": True, "service_account": False,
                                "disabled": False,
                                "status": "Pending" if p["login"] < 0
                                else "Active",
                                "mfa_enabled": rng.random() > 0.05},
                 "relationships": {"roles": {"data": [
                     {"type": "roles", "id": i} for i, _ in held]}}})
            if not self.present(p):
                users.pop()
        with open(self.path("datadog-users.json"), "w") as f:
            f.write('{\n"data": [\n')
            f.write(",\n".join(json.dumps(u) for u in users))
            f.write('\n],\n"included": ')
            f.write(json.dumps([{"type": "roles", "id": i,
                                 "attributes": {"name": n}}
                                for i, n in roles]))
            f.write(',\n"meta": {"page": {"total_count": %d, '
                    '"total_filtered_count": %d}}\n}\n'
                    % (len(users), len(users)))

    def config(self):
        text = """\
# accessreview.conf -- generated by tests/bench/gen.py (%d people)
[review]
database = var/accessreview.db
reports = reports
inactive-days = 90
fail-on = none

[directory]
source = ldif:directory.ldif

[system "github"]
category = source_control
owner = lucas.silva@example.com
source = scim:github-users.json
groups = scim:github-groups.json
mfa = json:github-2fa-disabled.json
match = uid
privileged = "Owners"

[system "gitlab"]
category = source_control
source = json:gitlab-users.json

[system "marketplace"]
category = marketplace_admin
source = csv:google-workspace-users.csv

[system "atlassian"]
category = support
source = csv:atlassian-users.csv

[system "zendesk"]
category = support
source = json:zendesk-users.json
privileged = "admin"

[system "deploy"]
category = deployment
source = ldif:deploy-groups.ldif
mfa-supported = no
match = uid
privileged = "deployers"

[system "aws"]
category = deployment
source = csv:aws-iam-credential-report.csv
match = uid

[system "vault"]
category = deployment
source = json:vault-entities.json
field.id = "entity_id"
field.login = "name"
field.email = "mail"
field.mfa = "mfa"
field.last-login = "last_login"
field.groups = "policies"
privileged = "root"

[system "datadog"]
category = logs
source = json:datadog-users.json
privileged = "Datadog Admin Role"

[system "splunk"]
category = logs
source = scim:splunk-users.json
groups = scim:splunk-groups.json
privileged = "admin"
""" % self.c.n
        with open(self.path("accessreview.conf"), "w") as f:
            f.write(text)

    def ldap_seed(self):
        """The directory and the deploy groups for slapadd, under their
        suffix, without the `version: 1` header slapadd 2.5 refuses."""
        with open(self.path("ldap-seed.ldif"), "w") as out:
            out.write("dn: dc=example,dc=com\nobjectClass: dcObject\n"
                      "objectClass: organization\ndc: example\no: Example\n\n"
                      "dn: %s\nobjectClass: organizationalUnit\nou: people\n\n"
                      "dn: %s\nobjectClass: organizationalUnit\nou: groups\n\n"
                      % (PEOPLE_DN, GROUPS_DN))
            for name in ("directory.ldif", "deploy-groups.ldif"):
                with open(self.path(name)) as f:
                    for line in f:
                        if line.startswith("version:") or \
                                line.startswith("#"):
                            continue
                        out.write(line)
                out.write("\n")


def hash_int(text):
    """A stable hash (Python's hash() of str is salted per process)."""
    h = 1469598103934665603
    for ch in text.encode():
        h = ((h ^ ch) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def display(account):
    p = account["p"]
    return p["first"] + " " + p["last"] if p else account["login"]


def day_month_year(t):
    y, m, d = _gm(t)[:3]
    return "%d %s %d" % (d, ("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov "
                             "Dec").split()[m - 1], y)


def main():
    parser = argparse.ArgumentParser(
        description="write a synthetic company for make bench")
    parser.add_argument("--seed", type=int, default=20261120)
    parser.add_argument("--previous", action="store_true",
                        help="write last quarter's exports instead")
    parser.add_argument("people", type=int)
    parser.add_argument("outdir")
    args = parser.parse_args()
    if args.people < 10:
        sys.exit("gen.py: at least 10 people")
    company = Company(args.people, args.seed)
    w = Writer(company, args.outdir, args.previous)
    # fixed order: each step draws from the one random stream
    for step in (w.directory, w.github, w.gitlab, w.marketplace,
                 w.atlassian, w.zendesk, w.deploy, w.aws, w.vault,
                 w.datadog, w.splunk, w.config, w.ldap_seed):
        step()


if __name__ == "__main__":
    main()
