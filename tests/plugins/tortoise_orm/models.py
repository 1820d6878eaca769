"""Tortoise models of the plugin's tests: a league with teams (a foreign key and its reverse relation)."""

from __future__ import annotations

from tortoise import Model, fields


class League(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=40)
    founded = fields.IntField()
    motto = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    teams: fields.ReverseRelation[Team]

    class Meta:
        ordering = ["id"]


class Team(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=40)
    league: fields.ForeignKeyRelation[League] = fields.ForeignKeyField("models.League", related_name="teams")

    class Meta:
        ordering = ["id"]
