"""Meetings on the web (issue 14): the provincial meeting's pages and API (provincial_*),
the national meeting's (national_*): its API, the organizers' setup, registration with the
badges, the door, each session's control, the delegate's phone page; and the hall's screen
and the organizers' live board (hall)."""

from web.meetings import (
    hall,
    national_api,
    national_control,
    national_delegate,
    national_door,
    national_registration,
    national_setup,
    provincial_api,
    provincial_pages,
)

ROUTES = [
    *provincial_api.ROUTES,
    *provincial_pages.ROUTES,
    # --- the national meeting ---
    *national_api.ROUTES,
    *national_setup.ROUTES,
    *national_registration.ROUTES,
    *national_door.ROUTES,
    *national_control.ROUTES,
    *national_delegate.ROUTES,
    *hall.ROUTES,
]
