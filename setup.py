"""Maps the design card's top-level folders to distinct import names.

bot/ -> autonomie_bot, nlu/ -> autonomie_nlu, knowledge/ -> autonomie_knowledge,
channels/ -> autonomie_channels. Everything else lives in pyproject.toml.
"""

from setuptools import find_packages, setup

ROOTS = {
    "autonomie_bot": "bot",
    "autonomie_nlu": "nlu",
    "autonomie_knowledge": "knowledge",
    "autonomie_channels": "channels",
}

packages = list(ROOTS)
for name, folder in ROOTS.items():
    packages += [f"{name}.{sub}" for sub in find_packages(folder)]

setup(packages=packages, package_dir=ROOTS)
