from civicgrid.duties.models.lists import DutyList as DutyList
from civicgrid.duties.models.lists import ListItem as ListItem
from civicgrid.duties.models.lists import ListVersion as ListVersion
from civicgrid.duties.models.plan import PlanTask as PlanTask
from civicgrid.duties.models.plan import ProgressPhoto as ProgressPhoto
from civicgrid.duties.models.plan import ProgressReport as ProgressReport
from civicgrid.duties.models.plan import WorkPlan as WorkPlan
from civicgrid.duties.models.unit import Unit as Unit
