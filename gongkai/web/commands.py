"""Entry points the CLI wires: `gongkai import PATH...` and `gongkai serve`."""
from __future__ import annotations

import os
from pathlib import Path
import secrets
from typing import Callable, Iterable

SAMPLE_JURISDICTION = "示例辖区"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django
    from django.apps import apps
    if not apps.ready:
        django.setup()


def _files(paths: Iterable[str | Path]):
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith("."))
        else:
            yield p


def import_paths(paths: Iterable[str | Path], progress: Callable[[str, str], None] | None = None,
                 parent: str | None = None, user=None) -> dict:
    """Import report files (or folders, or zips) into the database.

    The agency is matched by the name the report gives; an unknown agency is created under `parent`
    (an agency name; created at top level if missing). Files whose agency or year cannot be
    determined are reported as skipped. progress(name, outcome) is called once per file.
    Returns counts: stored, duplicate, skipped, failed.
    """
    setup_django()
    from gongkai.web.agencies.models import Agency
    from gongkai.web.oversight import services
    from gongkai.web.oversight.models import PendingUpload

    root = None
    if parent:
        root = Agency.objects.filter(name=parent, parent__isnull=True).first() or Agency.objects.create(
            name=parent, kind=Agency.Kind.GOVERNMENT)
    counts = {"stored": 0, "duplicate": 0, "skipped": 0, "failed": 0}
    for path in _files(paths):
        try:
            parts = services.expand_upload(path.read_bytes(), path.name)
        except (OSError, services.IngestError) as exc:
            counts["failed"] += 1
            progress and progress(str(path), f"失败：{exc}")
            continue
        for data, name in parts:
            scope = Agency.objects.all()
            res = _ingest_cli(services, data, name, scope, root)
            if res.error:
                counts["failed"] += 1
                outcome = f"失败：{res.error}"
            elif res.pending is not None:
                counts["skipped"] += 1
                outcome = f"跳过：{res.pending.reason}"
                PendingUpload.objects.filter(pk=res.pending.pk).delete()
            elif res.duplicate:
                counts["duplicate"] += 1
                outcome = "已存在，未重复保存"
            else:
                counts["stored"] += 1
                v = res.version
                outcome = f"已保存：{v.report.agency.name} {v.report.year}年 第{v.number}版（错误{v.errors}，警告{v.warnings}）"
            progress and progress(name, outcome)
    return counts


def _ingest_cli(services, data, name, scope, root):
    from django.contrib.auth import get_user_model
    # PendingUpload needs a user; the CLI acts as the first superuser (created if none).
    User = get_user_model()
    user = User.objects.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        user = User.objects.create_superuser("admin", password=secrets.token_urlsafe(12))
    return services.ingest_one(data, name, user, scope=scope, parent=root, create_missing=root is not None)


def sample_dir() -> Path | None:
    """The sample reports: the repository's test corpus (one copy of the data, used by the tests
    too); GONGKAI_SAMPLE_DIR points elsewhere. None when neither exists (an installed package)."""
    here = Path(__file__).resolve().parent
    candidates = [Path(os.environ["GONGKAI_SAMPLE_DIR"])] if os.environ.get("GONGKAI_SAMPLE_DIR") else []
    candidates.append(here.parent.parent / "tests" / "data" / "corpus" / "raw")
    for d in candidates:
        if d.is_dir() and any(d.iterdir()):
            return d
    return None


def first_run(echo=print) -> None:
    """Migrate; create the admin user and load the sample corpus when the database is new."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    from django.contrib.auth import get_user_model
    User = get_user_model()
    if User.objects.exists():
        return
    password = os.environ.get("GONGKAI_ADMIN_PASSWORD") or secrets.token_urlsafe(9)
    User.objects.create_superuser("admin", password=password)
    echo(f"已创建管理员账号：用户名 admin，密码 {password}（请登录后修改）")
    sample = sample_dir()
    if sample is not None:
        echo(f"正在导入示例报告：{sample}")
        counts = import_paths([sample], progress=lambda n, o: echo(f"  {n}：{o}"), parent=SAMPLE_JURISDICTION)
        echo(f"示例报告导入完成：保存 {counts['stored']} 份，重复 {counts['duplicate']} 份，跳过 {counts['skipped']} 份，失败 {counts['failed']} 份")


def serve(host: str = "127.0.0.1", port: int = 8000, echo=print) -> None:
    first_run(echo)
    from django.core.management import call_command
    echo(f"在浏览器中打开 http://{host}:{port}/")
    call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)
