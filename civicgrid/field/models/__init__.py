from civicgrid.field.models.assignment import Assignment as Assignment
from civicgrid.field.models.assignment import AssignmentLog as AssignmentLog
from civicgrid.field.models.assignment import AssignmentNotice as AssignmentNotice
from civicgrid.field.models.assignment import AssignmentPhoto as AssignmentPhoto
from civicgrid.field.models.assignment import AssignmentTarget as AssignmentTarget
from civicgrid.field.models.campaign import Campaign as Campaign
from civicgrid.field.models.campaign import CampaignCase as CampaignCase
