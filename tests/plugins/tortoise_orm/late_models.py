"""Models Tortoise initialises only in one test, started after the app (and its schema) is built."""

from __future__ import annotations

from tortoise import Model, fields


class Club(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=40)
    players: fields.ReverseRelation[Player]


class Player(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=40)
    club: fields.ForeignKeyRelation[Club] = fields.ForeignKeyField("models.Club", related_name="players")
