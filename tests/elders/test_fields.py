"""The elder lookup field: one elder of the station by number or by the registry's search."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError

from linli.elders.fields import ElderLookupField
from tests.conftest import add_elder


def field_for(world, username="zhuoda-sw1", station="zhuoda") -> ElderLookupField:
    field = ElderLookupField(required=False)
    field.actor, field.station = world["users"][username], world[station]
    return field


def test_by_number_or_by_a_unique_name(world):
    wang = add_elder(world, "zhuoda", name="王秀英")
    add_elder(world, "zhuoda", name="李四")
    field = field_for(world)
    assert field.clean(str(wang.pk)) == wang
    assert field.clean("王秀英") == wang
    assert field.clean("") is None


def test_several_matches_name_each_with_its_number(world):
    first = add_elder(world, "zhuoda", name="张三")
    second = add_elder(world, "zhuoda", name="张三丰")
    with pytest.raises(ValidationError) as exc:
        field_for(world).clean("张三")
    message = exc.value.messages[0]
    assert f"张三 ({first.pk})" in message and f"张三丰 ({second.pk})" in message


def test_another_stations_elder_is_not_found_even_by_number(world):
    other = add_elder(world, "wangcheng", name="王五")
    with pytest.raises(ValidationError) as exc:
        field_for(world).clean(str(other.pk))
    assert exc.value.code == "no_match"


def test_in_a_form(world):
    class Form(forms.Form):
        elder = ElderLookupField()

    wang = add_elder(world, "zhuoda", name="王秀英")
    form = Form({"elder": "王秀英"})
    form.fields["elder"].actor = world["users"]["zhuoda-sw1"]
    form.fields["elder"].station = world["zhuoda"]
    assert form.is_valid() and form.cleaned_data["elder"] == wang
