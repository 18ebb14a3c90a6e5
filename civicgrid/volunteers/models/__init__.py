from civicgrid.volunteers.models.people import Activity as Activity
from civicgrid.volunteers.models.people import Volunteer as Volunteer
from civicgrid.volunteers.models.points import PointEntry as PointEntry
from civicgrid.volunteers.models.points import PointRule as PointRule
from civicgrid.volunteers.models.training import Attendance as Attendance
from civicgrid.volunteers.models.training import Training as Training
