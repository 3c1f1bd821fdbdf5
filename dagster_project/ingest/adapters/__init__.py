"""Export adapters: deliveries in other shapes than the canonical export (Zendesk via Fivetran, the Zendesk
API or Airbyte, any helpdesk through a YAML mapping), chosen per delivery by `source` in manifest.json and
turned into canonical table files that the canonical loader then loads. See docs/adapters.md."""
