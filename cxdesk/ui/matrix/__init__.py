"""The Expectation Matrix tab: table model, editors, charts and the tab that composes them."""
