"""Model instances from a hand-written query, for the few hot paths where composing the query through the ORM
costs more CPU than running it (the bearer-token lookup of every API request, the flash-sale order).

`RowShape(Model, "alias")` gives the select list of the model's concrete columns under a table alias and turns the
matching slice of a fetched row into an instance, applying the converters the ORM itself would (decrypted personal
fields, SQLite's datetimes and booleans). Converters are looked up once per database vendor."""

from django.db.backends.base.base import BaseDatabaseWrapper


class RowShape:
    def __init__(self, model, alias: str):
        self.model, self.alias = model, alias
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.width = len(self.fields)
        self.select = ", ".join(f'{alias}."{f.column}"' for f in self.fields)
        self._converters: dict[str, list] = {}

    def _for(self, conn: BaseDatabaseWrapper) -> list:
        found = self._converters.get(conn.vendor)
        if found is None:
            found = []
            for f in self.fields:
                col = f.get_col(self.alias)
                found.append((col, conn.ops.get_db_converters(col) + f.get_db_converters(conn)))
            self._converters[conn.vendor] = found
        return found

    def build(self, values, conn: BaseDatabaseWrapper):
        """The instance for `values` (exactly `width` of them, in select order), as if the ORM had loaded it."""
        converted = []
        for (col, converters), value in zip(self._for(conn), values, strict=True):
            for converter in converters:
                value = converter(value, col, conn)
            converted.append(value)
        return self.model.from_db(conn.alias, self.attnames, converted)
