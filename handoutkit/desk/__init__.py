"""The handout desk: a local web page and JSON API over the application layer (FastAPI).

A second front door beside cli/: it turns what the page or a script sends into the same
Requests and calls the same verbs in handoutkit.app. `settings` holds what one running desk
knows, `guard` the security rules every request passes, `engine` the one thread every
render runs on, `api_*` and `pages` the routes, `application` puts them together and
`server` runs it on uvicorn.
"""
