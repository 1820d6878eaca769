"""A DTO of a dataclass, converted to and from the source class."""

from dataclasses import dataclass

from starlite import DTOFactory


@dataclass
class Book:
    isbn: str
    title: str
    stock: int = 0


BookDTO = DTOFactory()("BookDTO", Book, field_mapping={"isbn": ("code", str)})


def test_from_and_to_the_source() -> None:
    dto = BookDTO.from_model_instance(Book(isbn="978-0", title="Dune", stock=3))
    assert dto.model_dump() == {"code": "978-0", "title": "Dune", "stock": 3}

    book = BookDTO(code="978-1", title="Emma").to_model_instance()
    assert book == Book(isbn="978-1", title="Emma", stock=0)
