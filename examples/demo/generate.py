#!/usr/bin/env python3
# generate.py -- write the Flowdence demo exports (data/ and previous/)
# SPDX-License-Identifier: MIT
#
# The files in data/ and previous/ are committed; this script is how they
# were made, so that a change to the company stays consistent across the
# five systems.  Run from anywhere:  python3 examples/demo/generate.py
# It is deterministic: running it again rewrites identical files.
#
# data/      the exports of 2026-11-20 (this quarter, `run --now 2026-11-20`)
# previous/  the exports of 2026-08-20 (last quarter, the baseline snapshot)
# See README.md for the company and EXPECTED.md for the planted findings.

import base64
import csv
import io
import json
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
NS = uuid.UUID("6f1d3c52-7f0e-4d55-9a57-1f7e0c4b2a10")
BASE = "ou=people,dc=example,dc=com"
GROUPS = "ou=groups,dc=example,dc=com"

# ---------------------------------------------------------------------------
# The people of the directory.  locked / locked_prev: pwdAccountLockedTime
# now / last quarter (None = not locked); in_prev: present last quarter.
# ---------------------------------------------------------------------------
P = []


def person(uid, given, sn, empno, etype, dept, title, manager=None,
           locked=None, locked_prev=None, in_prev=True, totp=None,
           mail=True, display=None, description=None, lang_de=None):
    P.append(dict(uid=uid, given=given, sn=sn, empno=empno, etype=etype,
                  dept=dept, title=title, manager=manager, locked=locked,
                  locked_prev=locked_prev, in_prev=in_prev, totp=totp,
                  mail=(uid + "@example.com") if mail else None,
                  display=display or (given + " " + sn),
                  description=description, lang_de=lang_de))


# Leadership
person("william.ndlovu", "William", "Ndlovu", "10039", "employee",
       "Engineering", "VP Engineering")
person("amara.okafor", "Amara", "Okafor", "10001", "employee", "Security",
       "Head of Security", totp="self")
person("fatima.haddad", "Fatima", "Haddad", "10014", "employee", "Support",
       "Head of Support")
person("lena.hoffmann", "Lena", "Hoffmann", "10040", "employee",
       "Marketplace", "Head of Marketplace")
person("ravi.iyer", "Ravi", "Iyer", "10037", "employee", "Finance",
       "Head of Finance")
person("olivia.martin", "Olivia", "Martin", "10036", "employee", "People",
       "People Partner", manager="ravi.iyer")
person("charlotte.evans", "Charlotte", "Evans", "10038", "employee", "Legal",
       "General Counsel", manager="ravi.iyer")
# Engineering
person("lucas.silva", "Lucas", "Silva", "10013", "employee", "Engineering",
       "Engineering Manager", manager="william.ndlovu")
person("jose.nunez", "José", "Núñez", "10002", "employee", "Engineering",
       "Backend Engineer", manager="lucas.silva")
person("yuki.tanaka", "Yuki", "Tanaka", "10012", "contractor", "Engineering",
       "Frontend Engineer", manager="lucas.silva")
person("kwame.asante", "Kwame", "Asante", "10009", "employee", "Engineering",
       "Software Engineer", manager="lucas.silva",
       locked="000001010000Z")
person("noah.fischer", "Noah", "Fischer", "10016", "employee", "Engineering",
       "Backend Engineer", manager="lucas.silva", in_prev=False)
person("aisha.bello", "Aisha", "Bello", "10019", "employee", "Engineering",
       "QA Engineer", manager="lucas.silva")
person("kenji.sato", "Kenji", "Sato", "10022", "employee", "Engineering",
       "Mobile Engineer", manager="lucas.silva")
person("arjun.mehta", "Arjun", "Mehta", "10025", "employee", "Engineering",
       "Senior Engineer, Marketplace app", manager="lucas.silva")
person("grace.kim", "Grace", "Kim", "10028", "employee", "Engineering",
       "Data Engineer", manager="lucas.silva")
person("tobias.wagner", "Tobias", "Wagner", "10029", "employee",
       "Engineering", "Backend Engineer", manager="lucas.silva",
       locked="20260915163000Z")
person("elena.popescu", "Elena", "Popescu", "10032", "employee",
       "Engineering", "Frontend Engineer", manager="lucas.silva")
# Platform
person("daniel.moreau", "Daniel", "Moreau", "10007", "employee", "Platform",
       "Staff Site Reliability Engineer", manager="william.ndlovu",
       description="On-call lead for the deployment pipeline and the "
       "production clusters; approves emergency changes outside the weekly "
       "release window.")
person("mei.lin", "Mei", "Lin", "10006", "employee", "Platform",
       "Release Manager", manager="daniel.moreau",
       totp="cn=mei.lin-phone,ou=otp,dc=example,dc=com")
person("hannah.schmidt", "Hannah", "Schmidt", "10010", "employee",
       "Platform", "Deployment Engineer", manager="daniel.moreau")
person("oliver.grant", "Oliver", "Grant", "10011", "employee", "Platform",
       "Site Reliability Engineer", manager="daniel.moreau")
person("bjorn.lindqvist", "Björn", "Lindqvist", "10018", "employee",
       "Platform", "Site Reliability Engineer", manager="daniel.moreau")
person("marek.dvorak", "Marek", "Dvořák", "10027", "employee", "Platform",
       "Platform Engineer", manager="daniel.moreau")
person("hana.yamamoto", "Hana", "Yamamoto", "10034", "employee", "Platform",
       "Site Reliability Engineer", manager="daniel.moreau")
# Security
person("priya.raman", "Priya", "Raman", "10004", "employee", "Security",
       "Security Engineer", manager="amara.okafor")
person("priya.raman.adm", "Priya", "Raman", None, "admin-account",
       "Security", "Administrative account of Priya Raman",
       display="Priya Raman (admin)", mail=False)
person("felix.braun", "Felix", "Braun", "10035", "employee", "Security",
       "Detection Engineer", manager="amara.okafor")
person("leila.farahani", "Leila", "Farahani", "10024", "employee",
       "Security", "Security Analyst", manager="amara.okafor")
# Support
person("zoe.clarke", "Zoe", "Clarke", "10023", "employee", "Support",
       "Support Team Lead", manager="fatima.haddad")
person("sofia.rossi", "Sofia", "Rossi", "10008", "employee", "Support",
       "Support Agent", manager="zoe.clarke")
person("tom.becker", "Tom", "Becker", "10005", "employee", "Support",
       "Support Engineer", manager="fatima.haddad",
       locked="20261002170512Z")
person("chloe.dubois", "Chloé", "Dubois", "10017", "employee", "Support",
       "Support Agent", manager="zoe.clarke")
person("nadia.petrova", "Nadia", "Petrova", "10030", "employee", "Support",
       "Support Agent", manager="zoe.clarke")
person("diego.ramos", "Diego", "Ramos", "10033", "employee", "Support",
       "Support Agent", manager="zoe.clarke")
person("ines.carvalho", "Ines", "Carvalho", "10015", "employee", "Support",
       "Support Agent", manager="fatima.haddad", in_prev=False)
# Marketplace and Finance
person("mateo.garcia", "Mateo", "García", "10020", "employee", "Marketplace",
       "Partner Manager", manager="lena.hoffmann")
person("emma.novak", "Emma", "Novak", "10021", "employee", "Marketplace",
       "Listing Specialist", manager="lena.hoffmann")
person("samuel.osei", "Samuel", "Osei", "10031", "employee", "Marketplace",
       "Marketplace Analyst", manager="lena.hoffmann")
person("joerg.weiss", "Joerg", "Weiss", "10003", "employee", "Finance",
       "Marketplace Operations Lead", manager="ravi.iyer",
       lang_de="Jörg Weiß")
person("sinead.obrien", "Sinéad", "O'Brien", "10026", "employee", "Finance",
       "Billing Specialist", manager="ravi.iyer")

BY_UID = {p["uid"]: p for p in P}


def people(snapshot):
    return [p for p in P if snapshot == "current" or p["in_prev"]]


def dn(uid):
    return "uid=%s,%s" % (uid, BASE)


def uid_uuid(system, key):
    return str(uuid.uuid5(NS, system + ":" + key))


# ---------------------------------------------------------------------------
# LDIF
# ---------------------------------------------------------------------------
def ldif_value(attr, value):
    """attr: value, or attr:: base64 when not a SAFE-STRING (RFC 2849)."""
    raw = value.encode("utf-8")
    safe = (all(0x20 <= b < 0x7f for b in raw) and value[:1] not in
            (" ", ":", "<") and not value.endswith(" "))
    if safe:
        line = "%s: %s" % (attr, value)
    else:
        line = "%s:: %s" % (attr, base64.b64encode(raw).decode("ascii"))
    # ldapsearch folds at 78 columns; continuation lines start with a space
    out = [line[:78]]
    rest = line[78:]
    while rest:
        out.append(" " + rest[:77])
        rest = rest[77:]
    return "\n".join(out) + "\n"


def write_directory(path, snapshot):
    entries = people(snapshot)
    text = io.StringIO()
    text.write("version: 1\n\n#\n# LDAPv3\n")
    text.write("# base <%s> with scope subtree\n" % BASE)
    text.write("# filter: (objectClass=inetOrgPerson)\n")
    text.write("# requesting: * pwdAccountLockedTime \n#\n\n")
    for p in entries:
        locked = p["locked"] if snapshot == "current" else p["locked_prev"]
        text.write("# %s, people, example.com\n" % p["uid"])
        text.write("dn: %s\n" % dn(p["uid"]))
        text.write("objectClass: inetOrgPerson\n")
        if p["totp"]:
            text.write("objectClass: oathTOTPUser\n")
            if p["totp"] == "self":
                text.write("objectClass: oathTOTPToken\n")
        w = text.write
        w(ldif_value("uid", p["uid"]))
        w(ldif_value("cn", p["display"]))
        w(ldif_value("sn", p["sn"]))
        w(ldif_value("givenName", p["given"]))
        w(ldif_value("displayName", p["display"]))
        if p["lang_de"]:
            w(ldif_value("cn;lang-de", p["lang_de"]))
        if p["mail"]:
            w(ldif_value("mail", p["mail"]))
        if p["empno"]:
            w(ldif_value("employeeNumber", p["empno"]))
        w(ldif_value("employeeType", p["etype"]))
        w(ldif_value("departmentNumber", p["dept"]))
        w(ldif_value("title", p["title"]))
        if p["manager"]:
            w(ldif_value("manager", dn(p["manager"])))
        if p["description"]:
            w(ldif_value("description", p["description"]))
        if p["totp"] == "self":
            w(ldif_value("oathTOTPToken", dn(p["uid"])))
            w(ldif_value("oathTOTPParams",
                         "cn=totp-default,ou=otp,dc=example,dc=com"))
        elif p["totp"]:
            w(ldif_value("oathTOTPToken", p["totp"]))
        if locked:
            w(ldif_value("pwdAccountLockedTime", locked))
        w("\n")
    text.write("# search result\n\n")
    text.write("# numResponses: %d\n" % (len(entries) + 1))
    text.write("# numEntries: %d\n" % len(entries))
    write(path, text.getvalue())


def write_deploy_groups(path, snapshot):
    """ldapsearch -LL of ou=groups: the deploy tool's LDAP groups."""
    deployers = ["cn=release-managers," + GROUPS, dn("hannah.schmidt"),
                 dn("tom.becker")]
    if snapshot == "current":
        deployers.append(dn("oliver.grant"))
    deployers.append(dn("rachel.vance"))
    groups = [
        ("deployers", "groupOfNames",
         "May run production deployments", "member", deployers),
        ("release-managers", "groupOfNames",
         "Approve and ship releases; deployers through nesting", "member",
         [dn("mei.lin"), dn("daniel.moreau")]),
        ("deploy-viewers", "posixGroup",
         "Read-only access to the deployment dashboard", "memberUid",
         ["bjorn.lindqvist", "marek.dvorak", "hana.yamamoto", "grace.kim",
          "priya.raman.adm"]),
    ]
    text = io.StringIO()
    text.write("version: 1\n\n")
    for cn, oc, desc, attr, members in groups:
        text.write("dn: cn=%s,%s\n" % (cn, GROUPS))
        text.write("objectClass: %s\n" % oc)
        text.write(ldif_value("cn", cn))
        if oc == "posixGroup":
            text.write("gidNumber: %d\n" % {"deploy-viewers": 5210}[cn])
        text.write(ldif_value("description", desc))
        for m in members:
            text.write(ldif_value(attr, m))
        text.write("\n")
    write(path, text.getvalue().rstrip("\n") + "\n")


# ---------------------------------------------------------------------------
# GitHub: SCIM users and groups, and the 2fa_disabled member list
# ---------------------------------------------------------------------------
# uid -> (groups, 2FA enabled, GitHub numeric id, created)
GITHUB = [
    ("william.ndlovu", ["Owners"], True, 1012, "2019-03-04T09:00:00Z"),
    ("amara.okafor", ["Owners"], True, 1015, "2021-09-02T08:00:00Z"),
    ("lucas.silva", ["Owners", "developers"], True, 1047,
     "2020-05-25T09:00:00Z"),
    ("mei.lin", ["Release Managers", "developers"], True, 1066,
     "2021-04-12T09:00:00Z"),
    ("daniel.moreau", ["Release Managers", "developers"], True, 1003,
     "2019-06-12T13:44:10Z"),
    ("hannah.schmidt", ["developers"], True, 1181, "2023-03-01T09:00:00Z"),
    ("oliver.grant", ["developers"], True, 1102, "2022-11-07T10:00:00Z"),
    ("jose.nunez", ["developers"], False, 1120, "2022-02-14T09:00:00Z"),
    ("yuki.tanaka", ["developers"], True, 1311, "2024-02-19T12:00:00Z"),
    ("aisha.bello", ["developers"], True, 1190, "2023-05-15T09:00:00Z"),
    ("kenji.sato", ["developers"], False, 1204, "2023-08-21T09:00:00Z"),
    ("arjun.mehta", ["developers"], True, 1088, "2022-06-06T09:00:00Z"),
    ("grace.kim", ["developers"], True, 1232, "2024-01-08T09:00:00Z"),
    ("elena.popescu", ["developers"], True, 1250, "2024-04-02T09:00:00Z"),
    ("bjorn.lindqvist", ["developers"], True, 1140, "2022-09-19T09:00:00Z"),
    ("marek.dvorak", ["developers"], True, 1166, "2023-01-09T09:00:00Z"),
    ("hana.yamamoto", ["developers"], True, 1277, "2024-06-03T09:00:00Z"),
    ("priya.raman", ["developers"], True, 1109, "2023-02-06T09:00:00Z"),
    ("felix.braun", ["developers"], True, 1263, "2024-05-06T09:00:00Z"),
    ("tom.becker", ["developers"], True, 1024, "2022-01-17T08:03:01Z"),
    ("kwame.asante", ["developers"], True, 1199, "2023-09-04T10:15:12Z"),
    ("tobias.wagner", ["developers"], True, 1215, "2023-10-02T09:00:00Z"),
    ("noah.fischer", ["developers"], True, 1342, "2026-10-05T09:00:00Z"),
    ("rachel.vance", ["Owners"], True, 1008, "2021-01-11T09:00:00Z"),
    ("sam.whitford", ["developers"], False, 2088, "2025-03-03T09:00:00Z"),
    ("flowdence-release-bot", ["Release Managers"], False, 906,
     "2020-02-01T00:00:00Z"),
]
GH_URL = "https://github.example.com/api/v3/scim/v2"


def github_users(snapshot):
    """(uid, groups, mfa, numeric id, created, active) for a snapshot."""
    out = []
    for uid, groups, mfa, num, created in GITHUB:
        if snapshot == "previous":
            if uid == "noah.fischer":
                continue          # joined 2026-10-05
        else:
            if uid == "tobias.wagner":
                continue          # left 2026-09-15, deprovisioned
            if uid == "oliver.grant":
                groups = ["Owners"] + groups   # promoted this quarter
        active = True
        if uid == "kwame.asante":
            active = False        # deprovisioned by SCIM, correctly
        out.append((uid, groups, mfa, num, created, active))
    return out


def write_github(dirpath, snapshot):
    users = github_users(snapshot)
    modified = "2026-11-18T07:59:12Z" if snapshot == "current" \
        else "2026-08-18T07:59:12Z"
    resources = []
    display = {}
    for uid, groups, mfa, num, created, active in users:
        p = BY_UID.get(uid)
        res = {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": uid_uuid("github", uid),
            "externalId": p["empno"] if p and p["empno"] else None,
            "userName": uid,
        }
        if uid == "flowdence-release-bot":
            res["name"] = {"givenName": "Release", "familyName": "Bot"}
            res["displayName"] = "Flowdence release bot"
            res["userType"] = "ServiceAccount"
        elif uid == "rachel.vance":
            res["name"] = {"givenName": "Rachel", "familyName": "Vance"}
            res["displayName"] = "Rachel Vance"
            res["emails"] = [{"value": "rachel.vance@example.com",
                              "type": "work", "primary": True}]
        elif uid == "sam.whitford":
            res["name"] = {"givenName": "Sam", "familyName": "Whitford"}
            res["displayName"] = "Sam Whitford (contractor)"
            res["emails"] = [{"value": "sam.whitford@example.org",
                              "type": "work", "primary": True}]
            res["userType"] = "Contractor"
        else:
            res["name"] = {"givenName": p["given"], "familyName": p["sn"]}
            res["displayName"] = p["display"]
            res["emails"] = [{"value": p["mail"], "type": "work",
                              "primary": True}]
        display[uid] = res["displayName"]
        if res["externalId"] is None:
            del res["externalId"]
        res["active"] = active
        res["meta"] = {
            "resourceType": "User",
            "created": created,
            "lastModified": max(created, modified if active
                                else "2026-03-02T10:00:00Z"),
            "location": "%s/Users/%s" % (GH_URL, res["id"]),
            "version": 'W/"%s"' % res["id"][:8],
        }
        resources.append(res)
    write_json(os.path.join(dirpath, "github-users.json"), {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": len(resources),
        "startIndex": 1,
        "itemsPerPage": len(resources),
        "Resources": resources,
    })

    # groups: Release Managers is a member of Owners (nesting)
    names = ["Owners", "Release Managers", "developers"]
    gid = {n: uid_uuid("github-group", n) for n in names}
    groups = []
    for name in names:
        members = []
        if name == "Owners":
            members.append({"value": gid["Release Managers"],
                            "$ref": "%s/Groups/%s" % (GH_URL,
                                                      gid["Release Managers"]),
                            "display": "Release Managers", "type": "Group"})
        for uid, ugroups, mfa, num, created, active in users:
            if name in ugroups:
                uuid_ = uid_uuid("github", uid)
                members.append({"value": uuid_,
                                "$ref": "%s/Users/%s" % (GH_URL, uuid_),
                                "display": display[uid], "type": "User"})
        groups.append({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": gid[name],
            "displayName": name,
            "members": members,
            "meta": {"resourceType": "Group",
                     "created": "2019-03-04T09:00:00Z",
                     "lastModified": modified,
                     "location": "%s/Groups/%s" % (GH_URL, gid[name]),
                     "version": 'W/"%s"' % gid[name][:8]},
        })
    write_json(os.path.join(dirpath, "github-groups.json"), {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": len(groups),
        "startIndex": 1,
        "itemsPerPage": len(groups),
        "Resources": groups,
    })

    # GET /orgs/flowdence/members?filter=2fa_disabled (as an org owner)
    host = "https://github.example.com"
    disabled = []
    for uid, ugroups, mfa, num, created, active in users:
        if mfa or not active:
            continue
        node = base64.b64encode(("04:User%d" % num).encode()).decode()
        u = "%s/api/v3/users/%s" % (host, uid)
        disabled.append({
            "login": uid,
            "id": num,
            "node_id": node,
            "avatar_url": "%s/avatars/u/%d" % (host, num),
            "gravatar_id": "",
            "url": u,
            "html_url": "%s/%s" % (host, uid),
            "followers_url": u + "/followers",
            "following_url": u + "/following{/other_user}",
            "gists_url": u + "/gists{/gist_id}",
            "starred_url": u + "/starred{/owner}{/repo}",
            "subscriptions_url": u + "/subscriptions",
            "organizations_url": u + "/orgs",
            "repos_url": u + "/repos",
            "events_url": u + "/events{/privacy}",
            "received_events_url": u + "/received_events",
            "type": "User",
            "user_view_type": "public",
            "site_admin": False,
        })
    write_json(os.path.join(dirpath, "github-2fa-disabled.json"), disabled)


# ---------------------------------------------------------------------------
# Marketplace: Google Workspace "Download users" (34 columns)
# ---------------------------------------------------------------------------
GOOGLE_HEADER = [
    "First Name [Required]", "Last Name [Required]",
    "Email Address [Required]", "Password [Required]",
    "Password Hash Function [UPLOAD ONLY]", "Org Unit Path [Required]",
    "New Primary Email [UPLOAD ONLY]", "Status [READ ONLY]",
    "Last Sign In [READ ONLY]", "Recovery Email", "Home Secondary Email",
    "Work Secondary Email", "Recovery Phone [MUST BE IN THE E.164 FORMAT]",
    "Work Phone", "Home Phone", "Mobile Phone", "Work Address",
    "Home Address", "Employee ID", "Employee Type", "Employee Title",
    "Manager Email", "Department", "Cost Center", "2sv Enrolled [READ ONLY]",
    "2sv Enforced [READ ONLY]", "Building ID", "Floor Name",
    "Floor Section", "Email Usage [READ ONLY]", "Drive Usage [READ ONLY]",
    "Total Storage [READ ONLY]", "Change Password at Next Sign-In",
    "New Status [UPLOAD ONLY]",
]
# uid, org unit, status, last sign-in (current, previous), 2sv enrolled,
# 2sv enforced; None for previous = not in last quarter's export
GOOGLE = [
    ("lena.hoffmann", "/Marketplace", "Active", "2026/11/19 17:03:22",
     "2026/08/19 16:40:10", True, True),
    ("mateo.garcia", "/Marketplace", "Active", "Never logged in", None,
     False, True),
    ("emma.novak", "/Marketplace", "Active", "2026/11/18 10:12:40",
     "2026/08/18 09:55:01", False, False),
    ("samuel.osei", "/Marketplace", "Active", "2026/07/02 14:25:31",
     "2026/07/02 14:25:31", True, True),
    ("joerg.weiss", "/Finance", "Active", "2026/11/20 07:48:05",
     "2026/08/20 07:30:44", True, True),
    ("sinead.obrien", "/Finance", "Active", "2026/11/17 15:31:09",
     "2026/08/14 11:02:53", True, True),
    ("arjun.mehta", "/Engineering", "Active", "2026/11/16 09:14:27",
     "2026/08/17 13:20:00", True, True),
    ("yuki.tanaka", "/Engineering/Contractors", "Active",
     "2026/07/29 11:20:03", "2026/07/29 11:20:03", True, False),
    ("amara.okafor", "/Security", "Active", "2026/11/19 08:41:07",
     "2026/08/19 08:12:36", True, True),
    ("tom.becker", "/Former Employees", "Suspended", "2026/10/02 16:58:40",
     "2026/08/19 12:44:18", True, True),
    ("tobias.wagner", "/Former Employees", "Suspended",
     "2026/09/15 15:02:11", "2026/08/18 10:05:37", True, True),
    ("rachel.vance", "/Engineering", "Active", "2026/08/14 10:31:09",
     "2026/08/14 10:31:09", True, True),
    ("marketplace-team", "/Shared Mailboxes", "Active",
     "2026/11/17 09:00:12", "2026/08/17 09:00:12", False, False),
]


def write_google(path, snapshot):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(GOOGLE_HEADER)
    for uid, ou, status, last, last_prev, enrolled, enforced in GOOGLE:
        if snapshot == "previous":
            if last_prev is None:
                continue
            last = last_prev
            if uid in ("tom.becker", "tobias.wagner"):
                ou, status = "/Support" if uid == "tom.becker" \
                    else "/Engineering", "Active"
        p = BY_UID.get(uid)
        row = [""] * len(GOOGLE_HEADER)
        if uid == "marketplace-team":
            row[0], row[1] = "Marketplace", "Team"
            row[2] = "marketplace-team@example.com"
        elif uid == "rachel.vance":
            row[0], row[1] = "Rachel", "Vance"
            row[2] = "rachel.vance@example.com"
            row[18:24] = ["00871", "Employee", "Staff Engineer", "",
                          "Engineering", ""]
        else:
            row[0], row[1], row[2] = p["given"], p["sn"], p["mail"]
            row[18] = p["empno"]
            row[19] = p["etype"].capitalize()
            row[20] = p["title"]
            row[21] = (p["manager"] + "@example.com") if p["manager"] else ""
            row[22] = p["dept"]
        row[3] = "****"
        row[5] = ou
        row[7] = status
        row[8] = last
        if uid == "amara.okafor":
            row[12] = "+15555550101"
        row[24] = "True" if enrolled else "False"
        row[25] = "True" if enforced else "False"
        usage = {"Never logged in": ("0.00GB", "0.00GB")}.get(
            last, ("0.61GB", "1.08GB"))
        row[29], row[30], row[31] = usage[0], usage[1], "Unlimited"
        row[32] = "False"
        writer.writerow(row)
    write(path, out.getvalue())


# ---------------------------------------------------------------------------
# Zendesk: GET /api/v2/users
# ---------------------------------------------------------------------------
# key, email, name, role, 2FA, last login (current), created, suspended,
# role_type, in previous
ZENDESK = [
    ("fatima.haddad", None, None, "admin", True, "2026-11-19T16:02:44Z",
     "2022-03-14T08:30:00Z", False, None, True),
    ("zoe.clarke", None, None, "admin", True, "2026-11-19T12:40:03Z",
     "2022-08-01T08:00:00Z", False, None, True),
    ("sofia.rossi", None, None, "agent", True, "2026-11-20T07:01:13Z",
     "2023-06-01T08:00:00Z", False, None, True),
    ("sofia.rossi-2", "Sofia.Rossi@Example.com", "Sofia Rossi (Talk)",
     "agent", False, "2026-11-12T14:22:09Z", "2026-10-06T09:15:00Z", False,
     None, False),
    ("tom.becker", None, None, "agent", True, "2026-09-30T15:44:02Z",
     "2022-01-18T09:00:00Z", False, None, True),
    ("kwame.asante", None, None, "agent", False, "2026-09-29T12:10:00Z",
     "2023-09-05T09:00:00Z", True, None, True),
    ("chloe.dubois", None, None, "agent", False, "2026-11-19T09:31:40Z",
     "2024-03-04T08:00:00Z", False, None, True),
    ("nadia.petrova", None, None, "agent", True, "2026-11-20T06:58:12Z",
     "2024-09-02T08:00:00Z", False, None, True),
    ("diego.ramos", None, None, "agent", True, "2026-07-10T17:05:51Z",
     "2023-11-13T08:00:00Z", False, None, True),
    ("ines.carvalho", None, None, "agent", None, "2026-11-18T08:20:37Z",
     "2026-11-16T08:00:00Z", False, 1, False),
    ("priya.raman", None, None, "agent", True, "2026-11-06T10:11:12Z",
     "2023-02-06T09:00:00Z", False, 1, True),
    ("support", "support@example.com", "Flowdence Support", "agent", True,
     "2026-11-20T08:45:00Z", "2021-06-01T08:00:00Z", False, None, True),
    ("ravi.menon", "ravi.menon@example.org", "Ravi Menon", "end-user", None,
     "2026-10-12T19:22:51Z", "2024-07-02T11:00:00Z", False, None, True),
    ("li.wei", "li.wei@example.org", "Li Wei", "end-user", None, None,
     "2026-11-18T21:40:00Z", False, None, False),
]
ZD_URL = "https://flowdence.zendesk.example.com/api/v2/users/%d.json"


def zendesk_id(key):
    return 384001937000 + int(uuid.uuid5(NS, "zendesk:" + key).int % 99991)


def write_zendesk(path, snapshot):
    users = []
    for (key, email, name, role, tfa, last, created, suspended, role_type,
         in_prev) in ZENDESK:
        if snapshot == "previous":
            if not in_prev:
                continue
            suspended = False if key == "kwame.asante" else suspended
            if last is not None and last > "2026-08-20":
                last = "2026-08-19T" + last[11:]
        p = BY_UID.get(key)
        email = email or p["mail"]
        name = name or p["display"]
        zid = zendesk_id(key)
        updated = max(created, last or created)
        staff = role != "end-user"
        users.append({
            "id": zid,
            "url": ZD_URL % zid,
            "name": name,
            "email": email,
            "created_at": created,
            "updated_at": updated,
            "time_zone": "Europe/Dublin",
            "iana_time_zone": "Europe/Dublin",
            "phone": None,
            "shared_phone_number": None,
            "photo": None,
            "locale_id": 1,
            "locale": "en-US",
            "organization_id": 360012345678 if staff else 360098765432,
            "role": role,
            "verified": last is not None,
            "external_id": p["empno"] if p else None,
            "tags": [] if staff else ["customer"],
            "alias": "",
            "active": True,
            "shared": False,
            "shared_agent": False,
            "last_login_at": last,
            "two_factor_auth_enabled": tfa,
            "signature": "",
            "details": "",
            "notes": "",
            "role_type": role_type,
            "custom_role_id": 360000998877 if role_type == 1 else None,
            "moderator": staff,
            "ticket_restriction": None if staff else "requested",
            "only_private_comments": False,
            "restricted_agent": not staff,
            "suspended": suspended,
            "default_group_id": 360001122334 if staff else None,
            "report_csv": role == "admin",
            "user_fields": {},
        })
    write_json(path, {"users": users, "next_page": None,
                      "previous_page": None, "count": len(users)})


# ---------------------------------------------------------------------------
# Logs: Datadog GET /api/v2/users (JSON:API)
# ---------------------------------------------------------------------------
ROLES = [
    ("d1eaca4a-25fd-50b6-981b-08a15ac8bea1", "Datadog Admin Role"),
    ("a09d6fcc-8f02-5cb0-a77b-95d23f99792b", "Datadog Standard Role"),
    ("f716a2fe-77be-5ce4-902e-e10fe3a0fed8", "Datadog Read Only Role"),
    ("db2f1b67-4444-5452-b4f0-614ad74e3c46", "Security Log Reader"),
]
ROLE_ID = {name: rid for rid, name in ROLES}
# key, roles, mfa, status, service, created, in previous
DATADOG = [
    ("amara.okafor", ["Datadog Admin Role", "Security Log Reader"], True,
     "Active", False, "2022-05-10T09:00:00Z", True),
    ("felix.braun", ["Datadog Admin Role", "Security Log Reader"], True,
     "Active", False, "2024-05-06T09:30:00Z", True),
    ("priya.raman", ["Datadog Read Only Role", "Security Log Reader"], True,
     "Active", False, "2023-02-06T09:30:00Z", True),
    ("leila.farahani", ["Security Log Reader"], False, "Active", False,
     "2026-09-14T09:00:00Z", False),
    ("oliver.grant", ["Datadog Standard Role"], False, "Active", False,
     "2022-11-07T10:30:00Z", True),
    ("daniel.moreau", ["Datadog Standard Role"], True, "Active", False,
     "2022-05-10T09:00:00Z", True),
    ("hana.yamamoto", ["Datadog Standard Role"], True, "Active", False,
     "2024-06-03T09:30:00Z", True),
    ("bjorn.lindqvist", ["Datadog Standard Role"], True, "Active", False,
     "2022-09-19T09:30:00Z", True),
    ("kwame.asante", ["Datadog Standard Role"], True, "Active", False,
     "2023-09-04T10:30:00Z", True),
    ("tom.becker", ["Datadog Standard Role"], False, "Disabled", False,
     "2022-05-10T09:00:00Z", True),
    ("platform-team", ["Datadog Standard Role"], False, "Active", True,
     "2024-02-02T00:00:00Z", True),
    ("rachel.vance", ["Datadog Admin Role", "Security Log Reader"], False,
     "Active", False, "2021-01-12T09:00:00Z", True),
]
# Datadog says it has one more user than this page holds: the export was
# cut at page[size]=12 and page 2 was never fetched.
DATADOG_TOTAL_CURRENT = 13


def write_datadog(path, snapshot):
    org = {"type": "orgs", "id": "dd5e7934-35d2-5ea9-afcc-3bbe94321bbe"}
    data = []
    counts = {name: 0 for _, name in ROLES}
    for key, roles, mfa, status, service, created, in_prev in DATADOG:
        if snapshot == "previous":
            if not in_prev:
                continue
            if key == "tom.becker":
                status = "Active"
        p = BY_UID.get(key)
        email = (key + "@example.com")
        if key == "platform-team":
            name = "CI metrics pipeline"
        elif key == "rachel.vance":
            name = "Rachel Vance"
        else:
            name = p["display"]
        uid_ = str(uuid.uuid5(NS, "datadog:" + key))
        for r in roles:
            counts[r] += 1
        data.append({
            "type": "users",
            "id": uid_,
            "attributes": {
                "name": name,
                "handle": email,
                "created_at": created[:19] + ".000000+00:00",
                "modified_at": ("2026-11-10T09:00:00.000000+00:00"
                                if snapshot == "current" else
                                "2026-08-10T09:00:00.000000+00:00")
                if status != "Disabled" else
                "2026-10-02T17:30:00.000000+00:00",
                "email": email,
                "icon": "https://secure.gravatar.example.com/avatar/%s"
                        "?d=retro" % uid_[:8],
                "title": p["title"] if p else None,
                "verified": True,
                "service_account": service,
                "disabled": status == "Disabled",
                "allowed_login_methods": [],
                "status": status,
                "mfa_enabled": mfa,
            },
            "relationships": {
                "roles": {"data": [{"type": "roles", "id": ROLE_ID[r]}
                                   for r in roles]},
                "org": {"data": org},
            },
        })
    included = [{
        "type": "roles",
        "id": rid,
        "attributes": {
            "name": name,
            "created_at": "2020-01-01T00:00:00.000000+00:00",
            "modified_at": "2026-06-01T00:00:00.000000+00:00",
            "user_count": counts[name],
        },
        "relationships": {"permissions": {"data": []}},
    } for rid, name in ROLES]
    total = DATADOG_TOTAL_CURRENT if snapshot == "current" else len(data)
    write_json(path, {"data": data, "included": included,
                      "meta": {"page": {"total_count": total,
                                        "total_filtered_count": total}}})


# ---------------------------------------------------------------------------
def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def write_json(path, value):
    write(path, json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def main():
    for snapshot, sub in (("current", "data"), ("previous", "previous")):
        d = os.path.join(HERE, sub)
        os.makedirs(d, exist_ok=True)
        write_directory(os.path.join(d, "directory.ldif"), snapshot)
        write_github(d, snapshot)
        write_google(os.path.join(d, "google-workspace-users.csv"), snapshot)
        write_zendesk(os.path.join(d, "zendesk-users.json"), snapshot)
        write_deploy_groups(os.path.join(d, "deploy-groups.ldif"), snapshot)
        write_datadog(os.path.join(d, "datadog-users.json"), snapshot)


if __name__ == "__main__":
    main()
