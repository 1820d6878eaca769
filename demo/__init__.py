"""The demo application served by the README's first command."""
