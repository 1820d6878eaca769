"""Models Tortoise initialises only in one test, after the app is built: a book names its author's id."""

from __future__ import annotations

from tortoise import Model, fields


class Author(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=40)
    books: fields.ReverseRelation[Book]


class Book(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=40)
    author: fields.ForeignKeyRelation[Author] = fields.ForeignKeyField("models.Author", related_name="books")
