"""Payouts (代发): payee accounts, batches, bank files, bank results and reconciliation.

Core owns the money path once an app has approved an amount; the app registers a `PayoutSource`
(what is payable in an org's subtree, what to do when rows are paid) from its AppConfig.ready, so
core never imports an app."""
