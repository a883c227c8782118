"""The lead desk: a read-only Streamlit app over the marts of the warehouse (`make desk`).

`queries` holds every SQL query, `pages` the three pages, `app` the entry script that
`streamlit run` executes, `config` the settings read from the environment.
"""
