"""One-time submission tokens: the same create form sent twice creates one thing.

A create form carries a signed token (`SubmitOnceMixin` adds it as a hidden field); the view
calls `claim(user, token)` before it creates, inside the request's transaction, and `fulfil`
with the URL of what it created. A second POST of the same token raises `AlreadySubmitted`
with that URL, and the view redirects there (docs/decisions/0014-hostile-input.md).
"""
