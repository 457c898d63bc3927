"""`{% online_fee service as fee %}`: the fee a service collects online in Miz (its active
`FeeRule`: the rule in Persian and the treasury deposit ID), for the catalogue's information
package, which does not import the payments app; None when it collects none."""

from django import template

from payments import fees

register = template.Library()


@register.simple_tag
def online_fee(service) -> fees.OnlineFee | None:
    return fees.online_fee(service)
