"""JSON Schemas of jxcheck's public output (findings-v1.json: the findings contract)."""
