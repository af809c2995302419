"""The demo's pages, one router per part of the story."""
