"""The signature plan: what a handler's parameters need, worked out once at start-up."""

from starlite._kwargs.plan import KwargsPlan as KwargsPlan

__all__ = ("KwargsPlan",)
