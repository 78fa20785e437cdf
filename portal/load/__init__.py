"""Load layer: the only code that reads editor YAML. Finds the data files, reads them with line
and column, validates them against the model and reports every problem of every file at once
(``file:line:col: field: message``). Also derives the JSON Schemas editors' tools use."""
