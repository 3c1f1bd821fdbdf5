"""A deterministic generator of realistic demo helpdesk deliveries (see generate.generate_delivery)."""

from dagster_project.tools.demo.generate import generate_delivery

__all__ = ["generate_delivery"]
