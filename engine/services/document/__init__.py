"""The strategy document's services, in layers (each imports only those below it).

- ``suggestions``: proposed replacements, accepted through the merge path;
- ``sections``: the tree of sections and saving their texts;
- ``comments``: threads on sections and their anchors in the text;
- ``revisions``: every text a section ever had (the bottom).
"""
