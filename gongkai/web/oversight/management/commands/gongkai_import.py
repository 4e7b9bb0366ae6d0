from django.core.management.base import BaseCommand

from gongkai.web.commands import import_paths


class Command(BaseCommand):
    help = "导入年度报告文件（文件、文件夹或 zip）"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--parent", help="报告中的机关不存在时，新建于此上级机关（名称）")

    def handle(self, *args, paths, parent=None, **kw):
        counts = import_paths(paths, progress=lambda n, o: self.stdout.write(f"{n}：{o}"), parent=parent)
        self.stdout.write(f"保存 {counts['stored']}，重复 {counts['duplicate']}，跳过 {counts['skipped']}，失败 {counts['failed']}")
