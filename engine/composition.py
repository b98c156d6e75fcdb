"""Where the engine's extension registries are filled, in one place.

Two registries collect the work of later features without the core knowing
them: the parts of a process archive (``engine.archive.register_part``) and the
annexes of the exported document (``engine.services.annex_registry.annex``). The
modules that register sit *above* the registry they fill, so neither
``engine.archive`` nor ``engine.services.exports`` imports them; this module
does. (A registering module imports its registry, so the core's own annexes
always come before the ones added here.)

Every entry point imports it once, before it serves anything: the web app
package (``webapp``, whose factory the command line uses too), the test plugin
(``tests.fixtures``) and the benchmarks. A new feature that adds an
archive part or an annex adds one import here.

The gate conditions (``engine.gates``) and the workflow condition kinds
(``engine.workflows.condition_kinds``) are registries too, but they are filled
in the module that defines them, so they need nothing here.
"""

from __future__ import annotations

import engine.archive
import engine.services.analysis.annexes  # noqa: F401 - the analysis annexes
import engine.services.analysis.archive  # noqa: F401 - the analysis archive parts
import engine.services.annex_registry
import engine.services.dashboard  # noqa: F401 - the gate-summary handler
import engine.services.evaluation_archive  # noqa: F401 - adoption and evaluations archived
import engine.services.exports
import engine.services.gate_watch  # noqa: F401 - tells the lead when a gate is met
import engine.services.monitoring.alerts  # noqa: F401 - monitoring flags as notifications
import engine.services.monitoring_archive  # noqa: F401 - the monitoring archive parts
import engine.services.notifications  # noqa: F401 - notification effect handlers
import engine.services.public_archive  # noqa: F401 - public consultations in the archive
import engine.services.work_archive  # noqa: F401 - meetings, files, deliverable versions

REGISTRIES = (engine.archive.PARTS, engine.services.annex_registry.ANNEXES)
