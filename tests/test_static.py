"""`make run` serves the stylesheets and scripts without DEBUG and without collectstatic."""

import pytest
from django.test import Client


@pytest.mark.parametrize(
    "path",
    [
        "/static/linli/app.css",
        "/static/linli/app.js",
        "/static/vendor/htmx-2.0.11/dist/htmx.min.js",
    ],
)
def test_static_files_are_served(path, db):
    response = Client().get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
