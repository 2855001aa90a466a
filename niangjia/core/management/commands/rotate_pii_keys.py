"""Re-encrypt all personal data under a new key and rebuild the blind indexes, in batches, resumably.

How to rotate (docs/SECURITY.md):
1. Generate new keys (32 random bytes, base64). Set NIANGJIA_PII_KEY to the new key and
   NIANGJIA_PII_OLD_KEYS to the old one, so both are readable while the command runs. To rotate the index
   key as well, set NIANGJIA_INDEX_KEY to the new key and pass the old one with --old-index-key (or
   NIANGJIA_INDEX_OLD_KEY). Searches by ID number or phone miss rows whose index is not rebuilt yet, so
   run an index rotation in a quiet hour.
2. `manage.py rotate_pii_keys` (repeat it after an interruption: every pass skips what is already done).
3. When it reports nothing left, remove NIANGJIA_PII_OLD_KEYS and NIANGJIA_INDEX_OLD_KEY.

Passes:
- ciphertext: every row of every model with an EncryptedTextField whose value is not yet in the current
  envelope under the current key (found in SQL by its prefix) is read, decrypted and written back, in
  batches of --batch-size rows, each batch one transaction with its rows locked;
- indexes (only with an old index key): every declared blind index (`EncryptedTextField(blind_index=...)`)
  is recomputed from the plaintext and written when it differs;
- copies (only with an old index key): `*_index` columns that copy another row's index (a claim's
  person_index, a payee account's person_index, ...) are mapped from old to new values, the mapping built
  from every plaintext of the declared fields. A copy whose person is no longer in the data keeps its
  old value and is counted as unmapped.
"""

import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models.functions import Left

from niangjia.core import pii


def _encrypted_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if isinstance(f, pii.EncryptedTextField)]


def _copy_fields(model) -> list:
    declared = {f.blind_index[0] for f in _encrypted_fields(model) if f.blind_index}
    return [f for f in model._meta.concrete_fields
            if isinstance(f, models.CharField) and f.name.endswith("_index") and f.max_length == 64
            and f.name not in declared]


class Command(BaseCommand):
    help = "Re-encrypt personal data under NIANGJIA_PII_KEY and rebuild blind indexes (batched, resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--old-index-key", default=None,
                            help="the previous NIANGJIA_INDEX_KEY, to rebuild blind indexes under the new one")
        parser.add_argument("--max-batches", type=int, default=0,
                            help="stop after this many batches (0: run to the end); run again to go on")
        parser.add_argument("--pause", type=float, default=0.0, help="seconds to sleep between batches")

    def handle(self, *args, batch_size, old_index_key, max_batches, pause, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        old_index_key = old_index_key or getattr(settings, "NIANGJIA_INDEX_OLD_KEY", "") or None
        if old_index_key == settings.NIANGJIA_INDEX_KEY:
            old_index_key = None
        self.batch_size, self.max_batches, self.pause, self.batches = batch_size, max_batches, pause, 0
        models_with_pii = [m for m in apps.get_models() if _encrypted_fields(m)]
        rewritten = sum(self._reencrypt(m) for m in models_with_pii)
        self.stdout.write(f"ciphertext: {rewritten} rows rewritten under key {pii.key_id(settings.NIANGJIA_PII_KEY)}")
        if old_index_key and not self._stopped():
            rebuilt = sum(self._rebuild_indexes(m) for m in models_with_pii)
            self.stdout.write(f"indexes: {rebuilt} rows rebuilt")
            mapping = self._index_mapping(models_with_pii, old_index_key)
            mapped = unmapped = 0
            for model in apps.get_models():
                for field in _copy_fields(model):
                    done, left = self._map_copies(model, field, mapping)
                    mapped, unmapped = mapped + done, unmapped + left
            self.stdout.write(f"index copies: {mapped} rows mapped, {unmapped} without a known person")
        if self._stopped():
            self.stdout.write(f"stopped after {self.batches} batches: run the command again to go on")
        else:
            self.stdout.write("done: nothing left under an old key")

    # --- helpers ------------------------------------------------------------------------------------

    def _stopped(self) -> bool:
        return bool(self.max_batches) and self.batches >= self.max_batches

    def _tick(self) -> None:
        self.batches += 1
        if self.pause:
            time.sleep(self.pause)

    def _stale(self, model):
        """Rows with at least one encrypted value not in the current envelope under the current key."""
        prefix = f"{pii.PREFIX}{pii.key_id(settings.NIANGJIA_PII_KEY)}:"
        q = models.Q()
        annotations = {}
        for field in _encrypted_fields(model):
            alias = f"_rot_{field.name}"
            # Left() reads the raw column text; a lookup on the field itself would encrypt the prefix.
            annotations[alias] = Left(field.name, len(prefix), output_field=models.CharField())
            q |= ~models.Q(**{alias: prefix}) & ~models.Q(**{field.name + "__isnull": True}) & ~models.Q(
                **{alias: ""})
        return model._base_manager.annotate(**annotations).filter(q)

    def _reencrypt(self, model) -> int:
        fields = _encrypted_fields(model)
        total, last = 0, 0
        while not self._stopped():
            with transaction.atomic():
                pks = list(self._stale(model).filter(pk__gt=last).order_by("pk")
                           .values_list("pk", flat=True)[: self.batch_size])
                if not pks:
                    break
                rows = model._base_manager.select_for_update().filter(pk__in=pks).order_by("pk")
                for row in rows.values("pk", *[f.name for f in fields]):
                    changes = {f.name: row[f.name] for f in fields if row[f.name] not in (None, "")}
                    for f in fields:
                        if f.blind_index and row[f.name] not in (None, ""):
                            changes[f.blind_index[0]] = pii.blind_index(row[f.name], purpose=f.blind_index[1])
                    model._base_manager.filter(pk=row["pk"]).update(**changes)
                total += len(pks)
                last = pks[-1]
            self._tick()
        return total

    def _rebuild_indexes(self, model) -> int:
        fields = [f for f in _encrypted_fields(model) if f.blind_index]
        if not fields:
            return 0
        names = [f.name for f in fields] + [f.blind_index[0] for f in fields]
        total, last = 0, 0
        while not self._stopped():
            with transaction.atomic():
                batch = list(model._base_manager.select_for_update().filter(pk__gt=last).order_by("pk")
                             .values("pk", *names)[: self.batch_size])
                if not batch:
                    break
                for row in batch:
                    changes = {}
                    for f in fields:
                        if row[f.name] in (None, ""):
                            continue
                        new = pii.blind_index(row[f.name], purpose=f.blind_index[1])
                        if row[f.blind_index[0]] != new:
                            changes[f.blind_index[0]] = new
                    if changes:
                        model._base_manager.filter(pk=row["pk"]).update(**changes)
                        total += 1
                last = batch[-1]["pk"]
            self._tick()
        return total

    def _index_mapping(self, models_with_pii, old_key: str) -> dict[str, str]:
        mapping: dict[str, str] = {}
        for model in models_with_pii:
            fields = [f for f in _encrypted_fields(model) if f.blind_index]
            for f in fields:
                for value in model._base_manager.exclude(**{f.name: ""}).values_list(f.name, flat=True).iterator(
                        chunk_size=2000):
                    if value:
                        purpose = f.blind_index[1]
                        mapping[pii.blind_index(value, purpose=purpose, key=old_key)] = pii.blind_index(
                            value, purpose=purpose)
        return mapping

    def _map_copies(self, model, field, mapping: dict[str, str]) -> tuple[int, int]:
        new_values = set(mapping.values())
        mapped = unmapped = 0
        last = 0
        while not self._stopped():
            with transaction.atomic():
                batch = list(model._base_manager.select_for_update().filter(pk__gt=last).order_by("pk")
                             .values_list("pk", field.name)[: self.batch_size])
                if not batch:
                    break
                for pk, value in batch:
                    if not value or value in new_values:
                        continue
                    if value in mapping:
                        model._base_manager.filter(pk=pk).update(**{field.name: mapping[value]})
                        mapped += 1
                    else:
                        unmapped += 1
                last = batch[-1][0]
            self._tick()
        return mapped, unmapped
