"""`linli token create USERNAME`: print a new personal API token as the last line."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from linli.accounts.services import token_create


class Command(BaseCommand):
    help = "Create a personal API token for a user."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it")
        create.add_argument("username")
        create.add_argument("--name", default="")
        create.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.", returncode=2)
        token, raw = token_create(user=user, name=options["name"])
        if options["json"]:
            self.stdout.write(json.dumps({"user": user.username, "token": raw}))
            return
        self.stderr.write(f"Token for {user.username} (shown once):")
        self.stdout.write(raw)
