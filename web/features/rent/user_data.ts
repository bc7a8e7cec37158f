/** @module Whose rows the Rent Technology tables hold, for data export and account deletion. */
import {
  rentBookingItems,
  rentBookings,
  rentCartItems,
  rentEventDrafts,
  rentItems,
} from "../../db/schema/rent.ts";
import { declareUserData, notUserData, ownedByUser, ownedThroughParent } from "../danger_zone/mod.ts";

declareUserData(
  notUserData(rentItems, "the rental inventory admins manage, the same for everyone"),
  ownedByUser(rentEventDrafts.userId),
  ownedByUser(rentCartItems.userId),
  ownedByUser(rentBookings.userId),
  ownedThroughParent(rentBookingItems.bookingId),
);
