"""The citizen's list of documents to bring ("📝 Ma liste"): what the list holds, what it remembers, when to remind."""
