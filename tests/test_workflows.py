"""CI and repository rules for untrusted pull requests: the workflow lint, zizmor, CODEOWNERS, no symlinks.

The lint reads the workflows with the portal's strict string loader (``yaml.safe_load`` would turn
the ``on:`` key into ``True``). It is a function that returns problems, and every fixture under
``tests/fixtures/workflows/`` must produce the problem it was written for, so the lint cannot pass
by checking nothing.
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portal.load.yamlreader import read_yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
BAD_WORKFLOWS = REPO / "tests" / "fixtures" / "workflows"

PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\s*$")
EVENT_IN_TEMPLATE = re.compile(r"\$\{\{[^}]*github\.event\.")
MKDOCS_BUILD = re.compile(r"mkdocs\s+build\b[^\n;&|]*")
DEPLOY_PERMISSIONS = {"pages": "write", "id-token": "write"}
FORBIDDEN_TRIGGERS = ("pull_request_target", "workflow_run")
PIP_INSTALL = re.compile(r"pip\s+install\b[^\n;&|]*")
HASHED_INSTALL = re.compile(r"^pip install --require-hashes -r requirements(-dev)?\.lock$")
PROJECT_INSTALL = "pip install --no-deps --no-build-isolation -e ."
RELEASE_CHECK = "python -m portal check --release"


def workflow_problems(path: Path) -> list[str]:
    """Every rule of the CI policy that the workflow file at ``path`` breaks (empty when it is fine)."""
    problems: list[str] = []

    def problem(message: str) -> None:
        problems.append(f"{path.name}: {message}")

    raw = path.read_bytes()
    workflow = read_yaml(raw, path.name, trailing_comments=True).value
    if not isinstance(workflow, dict):
        return [f"{path.name}: kein Workflow (keine Sammlung von Feldern)"]

    triggers = workflow.get("on")
    names = set(triggers) if isinstance(triggers, (dict, list)) else {triggers}
    for trigger in FORBIDDEN_TRIGGERS:
        if trigger in names:
            problem(f"Auslöser {trigger} ist verboten (nur pull_request)")

    if workflow.get("permissions") != {}:
        problem(f"oberste Ebene braucht 'permissions: {{}}', gefunden: {workflow.get('permissions')!r}")

    for line_number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        if re.match(r"^\s*(-\s+)?uses:", line) and not VERSION_COMMENT.search(line):
            problem(f"Zeile {line_number}: 'uses:' ohne Versionskommentar '# vX.Y.Z'")

    jobs = workflow.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        problem("keine Jobs")
        return problems
    for job_id, job in jobs.items():
        problems.extend(f"{path.name}: Job {job_id}: {message}" for message in _job_problems(job_id, job))
    return problems


def _job_problems(job_id: str, job: dict) -> list[str]:
    found: list[str] = []
    permissions = job.get("permissions", {})
    if not isinstance(permissions, dict):
        found.append(f"permissions muss einzeln aufgezählt werden, nicht {permissions!r}")
        permissions = {}
    writes = {scope for scope, level in permissions.items() if level == "write"}
    if job_id == "deploy":
        if permissions != DEPLOY_PERMISSIONS:
            found.append(f"deploy darf nur pages: write und id-token: write haben, hat {permissions!r}")
        environment = job.get("environment")
        name = environment.get("name") if isinstance(environment, dict) else environment
        if name != "github-pages":
            found.append("deploy muss in der Umgebung github-pages laufen")
        if "refs/heads/main" not in str(job.get("if", "")):
            found.append("deploy muss auf main beschränkt sein (if: … refs/heads/main)")
    else:
        for scope in sorted(set(DEPLOY_PERMISSIONS) & set(permissions)):
            found.append(f"nur der Job deploy darf {scope} haben")
        for scope in sorted(writes - set(DEPLOY_PERMISSIONS)):
            found.append(f"Schreibrecht {scope}: write ist außerhalb von deploy verboten")

    if "uses" in job and not PINNED.match(str(job["uses"])):
        found.append(f"wiederverwendeter Workflow nicht auf einen Commit-SHA festgelegt: {job['uses']}")
    container = job.get("container")
    image = container.get("image") if isinstance(container, dict) else container
    if image and not re.search(r"@sha256:[0-9a-f]{64}$", str(image)):
        found.append(f"Container-Image nicht auf einen Digest festgelegt: {image}")

    release_checked = False
    for number, step in enumerate(job.get("steps") or [], start=1):
        where = f"Schritt {number}"
        uses = step.get("uses")
        inputs = step.get("with") if isinstance(step.get("with"), dict) else {}
        if uses:
            action = str(uses).split("@", 1)[0]
            if not str(uses).startswith("./") and not PINNED.match(str(uses)):
                found.append(f"{where}: {uses} ist nicht auf einen vollständigen Commit-SHA festgelegt")
            if action == "actions/checkout" and inputs.get("persist-credentials") != "false":
                found.append(f"{where}: actions/checkout braucht persist-credentials: false")
            if writes and (action == "actions/cache" or action.startswith("actions/cache/") or inputs.get("cache")):
                found.append(f"{where}: kein Cache in einem Job mit Schreibrechten ({uses})")
            if job_id == "deploy" and action == "actions/checkout":
                found.append(f"{where}: deploy führt keinen Projektcode aus und checkt nichts aus")
            if action == "actions/upload-pages-artifact" and not release_checked:
                found.append(f"{where}: vor dem Pages-Artefakt muss '{RELEASE_CHECK}' laufen (keine Platzhalter)")
        run = step.get("run")
        if run:
            if EVENT_IN_TEMPLATE.search(run):
                found.append(f"{where}: '${{{{ github.event.… }}}}' in run: (über env: übergeben)")
            if job_id == "deploy":
                found.append(f"{where}: deploy führt keine Befehle aus")
            for match in MKDOCS_BUILD.finditer(run):
                if match.group().strip() != "mkdocs build --strict":
                    found.append(f"{where}: '{match.group().strip()}' statt genau 'mkdocs build --strict'")
            for match in PIP_INSTALL.finditer(run):
                command = match.group().strip()
                if not HASHED_INSTALL.match(command) and command != PROJECT_INSTALL:
                    found.append(f"{where}: '{command}' statt 'pip install --require-hashes -r requirements….lock'")
            if RELEASE_CHECK in run:
                release_checked = True
            if "playwright install" in run:
                found.append(f"{where}: 'playwright install' lädt einen fremden Browser; Debian-Chromium verwenden")
    return found


def _workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def _load(name: str) -> dict:
    return read_yaml((WORKFLOWS / name).read_bytes(), name, trailing_comments=True).value


# --- the real workflows ----------------------------------------------------------------------


def test_the_workflows_exist():
    assert [p.name for p in _workflow_files()] == ["pages.yml", "weekly.yml"]


@pytest.mark.parametrize("path", _workflow_files(), ids=lambda p: p.name)
def test_workflow_follows_the_ci_rules(path):
    assert workflow_problems(path) == []


def test_pages_workflow_triggers_and_concurrency():
    workflow = _load("pages.yml")
    assert set(workflow["on"]) == {"pull_request", "push", "workflow_dispatch"}
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {
        "group": "pages-${{ github.event_name }}-${{ github.ref }}",
        "cancel-in-progress": "${{ github.event_name == 'pull_request' }}",
    }
    assert workflow["env"]["NO_MKDOCS_2_WARNING"] == "1"
    assert set(workflow["jobs"]) == {"build", "deploy"}


def test_build_job_checks_tests_and_builds_in_order():
    build = _load("pages.yml")["jobs"]["build"]
    assert build["permissions"] == {"contents": "read"}
    steps = build["steps"]
    checkout = steps[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"] == {"persist-credentials": "false", "fetch-depth": "0"}
    runs = [step.get("run", "") for step in steps]
    script = "\n".join(runs)

    def position(text: str) -> int:
        hits = [index for index, run in enumerate(runs) if text in run]
        assert hits, f"no step runs {text!r}"
        return hits[0]

    install = position("pip install --require-hashes -r requirements-dev.lock\n"
                       "pip install --no-deps --no-build-isolation -e .")
    chromium = position("apt-get install -y --no-install-recommends chromium")
    check = position("python -m portal check --format github")
    tests = position("python -m pytest")
    site = position("mkdocs build --strict")
    assert install < check and chromium < tests and check < tests < site
    build_lines = [line.strip() for line in runs[site].strip().splitlines()]
    assert build_lines == ['export SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"', "mkdocs build --strict"]
    assert "playwright install" not in script

    uploads = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert len(uploads) == 1 and uploads[0]["with"]["path"] == "site/" and "if" not in uploads[0]

    summary = next(step for step in steps if "portal diff" in step.get("run", ""))
    assert summary["if"] == "github.event_name == 'pull_request'"
    assert summary["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert summary["run"] == 'python -m portal diff "origin/${BASE_REF}" >> "$GITHUB_STEP_SUMMARY"'

    pages = [step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert len(pages) == 1 and pages[0]["with"] == {"path": "site/"}
    assert "refs/heads/main" in pages[0]["if"] and "pull_request" in pages[0]["if"]


def test_main_refuses_to_publish_placeholders_and_pull_requests_keep_the_plain_check():
    """On main, ``check --release`` runs before the Pages artifact (a failing step ends the job, so
    nothing is uploaded or deployed); pull requests are checked without it, so editors can work
    before the operator details are filled in."""
    steps = _load("pages.yml")["jobs"]["build"]["steps"]
    release = [index for index, step in enumerate(steps) if RELEASE_CHECK in step.get("run", "")]
    pages = [index for index, step in enumerate(steps)
             if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert len(release) == 1 and len(pages) == 1 and release[0] < pages[0]
    step = steps[release[0]]
    main_only = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert step["if"] == steps[pages[0]]["if"] == main_only
    assert "continue-on-error" not in step
    plain = [step for step in steps if "python -m portal check" in step.get("run", "") and "if" not in step]
    assert [step["run"] for step in plain] == ["python -m portal check --format github"]


def test_python_packages_come_only_from_the_hash_locked_files():
    for path in _workflow_files():
        for job in _load(path.name)["jobs"].values():
            for step in job.get("steps") or []:
                for match in PIP_INSTALL.finditer(step.get("run", "")):
                    command = match.group().strip()
                    assert HASHED_INSTALL.match(command) or command == PROJECT_INSTALL, (path.name, command)


def _pins(text: str) -> dict[str, str]:
    return {re.sub(r"[-_.]+", "-", name).lower(): version
            for name, version in re.findall(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;#\\]+)", text, re.M)}


@pytest.mark.parametrize(("source", "lock"), [("requirements.txt", "requirements.lock"),
                                              ("requirements-dev.txt", "requirements-dev.lock")])
def test_lock_files_pin_every_package_with_hashes_and_match_the_requirements(source, lock):
    """Every package in the lock file has an exact version and at least one sha256 hash, and every
    direct requirement appears there with its pinned version (else: run `make lock`)."""
    text = (REPO / lock).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    entries = re.split(r"\n(?=[A-Za-z0-9])", body.strip())
    assert len(entries) > 10
    for entry in entries:
        assert re.match(r"^[A-Za-z0-9_.-]+==\S+ \\\n(\s+--hash=sha256:[0-9a-f]{64}( \\)?\n)+", entry + "\n"), entry
    direct = _pins((REPO / source).read_text(encoding="utf-8"))
    if source == "requirements-dev.txt":
        direct |= _pins((REPO / "requirements.txt").read_text(encoding="utf-8"))
    locked = _pins(text)
    assert direct and {name: locked.get(name) for name in direct} == direct


def test_deploy_job_runs_no_project_code():
    deploy = _load("pages.yml")["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == DEPLOY_PERMISSIONS
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages-deploy", "cancel-in-progress": "false"}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert all("run" not in step for step in deploy["steps"])


def test_weekly_report_is_scheduled_and_read_only():
    workflow = _load("weekly.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert workflow["on"]["schedule"][0]["cron"]
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    script = "\n".join(step.get("run", "") for step in job["steps"])
    assert "python -m portal report --freshness" in script
    assert "python -m portal report --links" in script
    assert script.count('>> "$GITHUB_STEP_SUMMARY"') == 2
    links = next(step for step in job["steps"] if "--links" in step.get("run", ""))
    assert links["continue-on-error"] == "true"


def test_every_action_is_pinned_with_its_version():
    seen = {}
    for path in _workflow_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\s*(?:-\s+)?uses:\s*([^@\s]+)@([0-9a-f]{40})\s*#\s*(v\d+\.\d+\.\d+)\s*$", line)
            if "uses:" in line:
                assert match, line
                seen.setdefault(match.group(1), set()).add((match.group(2), match.group(3)))
    # one version per action across all workflows
    assert all(len(pins) == 1 for pins in seen.values()), seen
    assert {"actions/checkout", "actions/upload-artifact", "actions/upload-pages-artifact",
            "actions/deploy-pages", "actions/setup-python"} <= set(seen)


# --- the lint catches each kind of violation ----------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("pull-request-target.yml", "Auslöser pull_request_target ist verboten"),
        ("unpinned-action.yml", "actions/checkout@v5 ist nicht auf einen vollständigen Commit-SHA festgelegt"),
        ("write-permission.yml", "Schreibrecht contents: write ist außerhalb von deploy verboten"),
        ("event-in-run.yml", "github.event"),
        ("mkdocs-quiet.yml", "'mkdocs build --strict -q' statt genau 'mkdocs build --strict'"),
        ("checkout-credentials.yml", "actions/checkout braucht persist-credentials: false"),
        ("cache-in-deploy.yml", "kein Cache in einem Job mit Schreibrechten"),
        ("permissions-missing.yml", "oberste Ebene braucht 'permissions: {}'"),
        ("pages-in-build.yml", "nur der Job deploy darf id-token haben"),
        ("pip-without-hashes.yml", "'pip install -r requirements-dev.txt' statt 'pip install --require-hashes"),
        ("pages-without-release-check.yml", "vor dem Pages-Artefakt muss 'python -m portal check --release' laufen"),
    ],
)
def test_lint_reports_the_violation(fixture, expected):
    problems = workflow_problems(BAD_WORKFLOWS / fixture)
    assert any(expected in problem for problem in problems), problems


def test_every_bad_fixture_is_tested():
    fixtures = {p.name for p in BAD_WORKFLOWS.glob("*.yml")}
    assert fixtures and all(workflow_problems(BAD_WORKFLOWS / name) for name in fixtures)


def test_lint_rejects_mkdocs_flags_that_weaken_strict(tmp_path):
    template = (BAD_WORKFLOWS / "mkdocs-quiet.yml").read_text(encoding="utf-8")
    for command in ("mkdocs build --strict -v", "mkdocs build --verbose --strict", "mkdocs build --quiet",
                    "mkdocs build", "python -m mkdocs build -q --strict"):
        path = tmp_path / "w.yml"
        path.write_text(template.replace("mkdocs build --strict -q", command), encoding="utf-8")
        assert any("statt genau 'mkdocs build --strict'" in p for p in workflow_problems(path)), command
    path.write_text(template.replace("mkdocs build --strict -q", "mkdocs build --strict"), encoding="utf-8")
    assert workflow_problems(path) == []


# --- zizmor ------------------------------------------------------------------------------------


def _zizmor() -> str | None:
    beside_python = Path(sys.executable).with_name("zizmor")
    return shutil.which("zizmor") or (str(beside_python) if beside_python.exists() else None)


def test_zizmor_finds_nothing():
    zizmor = _zizmor()
    assert zizmor, "zizmor fehlt: make install-dev"
    result = subprocess.run([zizmor, "--offline", ".github/workflows"], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout, result.stdout + result.stderr


# --- repository rules ----------------------------------------------------------------------------

CODE_PATHS = [
    "portal/cli/main.py", "portal/site/mkdocs_hooks.py", "portal/templates/base.html", "scripts/synth_catalogue.py",
    "overrides/main.html", "overrides/partials/footer.html", "mkdocs.yml", ".github/workflows/pages.yml",
    ".github/CODEOWNERS", ".github/ISSUE_TEMPLATE/config.yml", ".ci/anything.sh", "requirements.txt",
    "requirements-dev.txt", "requirements.lock", "requirements-dev.lock", "Makefile", "pyproject.toml",
    ".pre-commit-config.yaml", "package.json", "package-lock.json",
]
MAINTAINERS = "@transformationsportal-automobil/maintainer"


def codeowners_rules(text: str) -> list[tuple[str, list[str]]]:
    rules = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def _pattern_matches(pattern: str, path: str) -> bool:
    """CODEOWNERS (gitignore-style) matching: ``/dir/`` covers everything below ``dir``, ``*`` stays
    within one path segment, a pattern with a slash is anchored at the repository root."""
    directory = pattern.endswith("/")
    core = pattern.strip("/").split("/")
    anchored = pattern.startswith("/") or len(core) > 1
    parts = path.split("/")
    for start in [0] if anchored else range(len(parts)):
        segment = parts[start:start + len(core)]
        if len(segment) == len(core) and all(fnmatch.fnmatchcase(s, c) for s, c in zip(segment, core, strict=True)):
            if directory and start + len(core) == len(parts):
                continue  # "dir/" names a folder; a file called "dir" is not inside it
            return True
    return False


def owners_of(path: str, rules: list[tuple[str, list[str]]]) -> list[str]:
    owners: list[str] = []
    for pattern, who in rules:  # the last matching rule wins
        if _pattern_matches(pattern, path):
            owners = who
    return owners


def test_codeowners_covers_code_build_and_ci():
    rules = codeowners_rules((REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8"))
    for path in CODE_PATHS:
        assert owners_of(path, rules) == [MAINTAINERS], path


def test_codeowners_leaves_data_to_the_editors():
    rules = codeowners_rules((REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8"))
    assert owners_of("data/netzwerke/teammit.yml", rules) == []
    assert owners_of("portalx/file.py", rules) == []  # a prefix is not a folder


def test_codeowners_matcher_understands_folders_and_globs():
    rules = codeowners_rules("/portal/ @a\n/requirements*.txt @b\n/mkdocs.yml @c\n")
    assert owners_of("portal/x/y.py", rules) == ["@a"]
    assert owners_of("portal", rules) == []
    assert owners_of("requirements-dev.txt", rules) == ["@b"]
    assert owners_of("docs/mkdocs.yml", rules) == []
    assert owners_of("mkdocs.yml", rules) == ["@c"]


def test_no_symlinks_are_tracked():
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("kein Git-Repository")
    listing = subprocess.run(["git", "ls-files", "-s", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    links = [entry.split(b"\t", 1)[1].decode() for entry in listing.split(b"\0") if entry.startswith(b"120000 ")]
    assert links == []


# --- contribution path ------------------------------------------------------------------------------


def test_pre_commit_runs_the_checks_locally():
    config = read_yaml((REPO / ".pre-commit-config.yaml").read_bytes(), ".pre-commit-config.yaml",
                       trailing_comments=True).value
    (local,) = config["repos"]
    assert local["repo"] == "local"
    entries = {hook["entry"] for hook in local["hooks"]}
    assert entries == {"python -m portal check", "python -m portal schema --check"}
    assert all(hook["language"] == "system" and hook["pass_filenames"] == "false" for hook in local["hooks"])


_FORM_FIELDS = {
    "markdown": {"value"},
    "textarea": {"label", "description", "placeholder", "value", "render"},
    "input": {"label", "description", "placeholder", "value"},
    "dropdown": {"label", "description", "multiple", "options"},
    "checkboxes": {"label", "description", "options"},
}


@pytest.mark.parametrize("name", ["neuer-eintrag.yml", "korrektur.yml"])
def test_issue_forms_follow_the_form_syntax_and_the_model(name):
    from portal.model.kinds import KINDS

    form = read_yaml((REPO / ".github" / "ISSUE_TEMPLATE" / name).read_bytes(), name, trailing_comments=True).value
    assert set(form) <= {"name", "description", "title", "labels", "assignees", "body"}
    assert form["name"] and form["description"]
    ids = []
    for element in form["body"]:
        kind = element["type"]
        assert set(element["attributes"]) <= _FORM_FIELDS[kind], element
        if kind != "markdown":
            ids.append(element["id"])
            assert re.fullmatch(r"[A-Za-z0-9_-]+", element["id"])
        if kind in ("dropdown", "checkboxes"):
            options = element["attributes"]["options"]
            assert options and len({str(o) for o in options}) == len(options)
    assert len(ids) == len(set(ids))
    kinds = next(e for e in form["body"] if e.get("id") == "art")["attributes"]["options"]
    assert kinds == [kind.label for kind in KINDS]
    assert "quellen" in ids and "stand" in ids


def test_pull_request_template_has_the_review_checklist():
    text = (REPO / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for item in ("Quellen angegeben", "`stand` aktualisiert", "Keine personenbezogenen Daten", "Vorschau angesehen"):
        assert f"- [ ] **{item}" in text, item


def test_contributing_links_the_field_reference_and_the_local_checks():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in ("/mitmachen/felder/", "python -m portal check", "python -m pytest", "mkdocs serve",
                   "vorschau-website"):
        assert needle in text, needle
