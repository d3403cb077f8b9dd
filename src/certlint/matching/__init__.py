"""Matching: normalized text, word boundaries (jieba), and the automaton and filters that turn terms into matches."""
